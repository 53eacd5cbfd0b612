// References as a Kotlin user reads them: `deal.owner()?.name`, `deal.organization()?.id`,
// whichever form the server sent (an expanded object, its id only in `value`, a bare id).
import uniffi.pipedrive_ffi.*

fun referencesTests() {
    test("a deal names its owner, person and organization") { client ->
        val me = client.users().me()
        val org = client.organizations().create(CreateOrganization(name = "Acme Refs"))
        val orgId = org.id
        val person = client.persons().create(CreatePerson(name = "Ann Refs", orgId = orgId))
        val personId = person.id
        val created = client.deals().create(CreateDeal(title = "Refs deal", personId = personId, orgId = orgId))
        val deal = client.deals().get(created.id)

        val owner = deal.owner() ?: error("a deal has an owner")
        check(owner.id == me.id && owner.name == me.name, "owner $owner, me ${me.id} ${me.name}")
        check(owner.email == me.email, "owner email ${owner.email}")
        check(deal.organization()?.id == orgId, "organization ${deal.organization()}")
        check(deal.organization()?.name == "Acme Refs", "organization name ${deal.organization()?.name}")
        // Pipedrive sends a person's id only as `value`; the reference has it as `id`.
        check(deal.personId?.id == personId, "person_id ${deal.personId}")
        check(deal.person()?.name == "Ann Refs", "person ${deal.person()}")
        check(deal.creator()?.id == me.id, "creator ${deal.creator()}")

        val again = client.persons().get(personId)
        check(again.organization()?.name == "Acme Refs", "person's organization ${again.organization()}")
        // Leave the seeded data as it was for the tests that count it.
        client.deals().delete(deal.id)
        client.persons().delete(personId)
        client.organizations().delete(orgId)
    }

    test("an activity names the references it sends as bare ids") { client ->
        val org = client.organizations().create(CreateOrganization(name = "Initech Refs"))
        val orgId = org.id
        val created = client.activities().create(CreateActivity(subject = "Call", orgId = orgId))
        val activity = client.activities().get(created.id)
        val linked = activity.organization() ?: error("linked organization")
        check(linked.id == orgId && linked.name == activity.orgName, "organization $linked")
        client.activities().delete(activity.id)
        client.organizations().delete(orgId)
    }
}
