// API v2 from Kotlin, as a Kotlin user writes it: `client.v2().deals()`, records named
// `V2...`, PATCH updates that leave alone what is null and clear what `clear` names, and
// cursor pagers.
import uniffi.pipedrive_ffi.*

fun v2Tests() {
    test("v2: a deal created, read, patched (a field cleared) and deleted, seen through v1") { client ->
        val deals = client.v2().deals()
        val created = deals.create(V2CreateDeal(title = "Kotlin v2 deal", value = java.math.BigDecimal("1500"), currency = "EUR", probability = 40.0))
        val id = created.id
        check(created.title == "Kotlin v2 deal" && created.currency == "EUR", "created $created")
        check(created.addTime != null, "add_time read as an instant: ${created.addTime}")
        check(deals.get(id).probability == 40.0, "probability read back")

        // PATCH: the title changes, probability is cleared, the rest is left alone.
        val patched = deals.update(id, V2UpdateDeal(title = "Kotlin v2 deal (renamed)", clear = listOf("probability")))
        check(patched.title == "Kotlin v2 deal (renamed)", "patched title ${patched.title}")
        check(patched.probability == null, "probability cleared: ${patched.probability}")
        check(patched.currency == "EUR", "currency left alone: ${patched.currency}")

        val v1 = client.deals().get(id)
        check(v1.title == "Kotlin v2 deal (renamed)" && v1.probability == null, "through v1: $v1")

        // Setting and clearing the same field is refused before anything is sent.
        expectThrows<PipedriveException.InvalidInput>("set and cleared") {
            deals.update(id, V2UpdateDeal(probability = 10.0, clear = listOf("probability")))
        }
        expectThrows<PipedriveException.InvalidInput>("unknown field in clear") {
            deals.update(id, V2UpdateDeal(clear = listOf("no_such_field")))
        }

        val deleted = deals.delete(id)
        check(deleted.id == id, "delete answer $deleted")
        check(deals.get(id).isDeleted == true, "a deleted deal reads as deleted")
    }

    test("v2: a monetary custom field set and read by name") { client ->
        client.dealFields().create(CreateDealField(name = "Kotlin v2 Budget", fieldType = "monetary"))
        client.dealFields().create(CreateDealField(
            name = "Kotlin v2 Region",
            fieldType = "enum",
            options = listOf(FieldOptionInput("EMEA"), FieldOptionInput("APAC")),
        ))
        client.refreshCustomFields()
        val deals = client.v2().deals()
        val fields = client.customFieldsObject(FieldKind.DEAL, mapOf(
            "Kotlin v2 Budget" to CustomFieldInput.Money(java.math.BigDecimal("1250.75"), "EUR"),
            "kotlin v2 region" to CustomFieldInput.Text("APAC"),
        ))
        val created = deals.create(V2CreateDeal(title = "Kotlin v2 custom", customFields = fields))
        // On the wire v2 money is one object: {value, currency}.
        val key = client.customFieldKey(FieldKind.DEAL, "Kotlin v2 Budget")
        check(created.customFields?.get(key)?.get("currency")?.string == "EUR", "wire ${created.customFields}")
        val budget = deals.get(created.id).customField(client, "Kotlin v2 Budget") ?: error("budget not set")
        check(budget.kind == "money" && budget.currency == "EUR" && budget.amount == java.math.BigDecimal("1250.75"), "budget $budget")
        check(budget.text == "1250.75 EUR", "text ${budget.text}")
        check(created.customField(client, "Kotlin v2 Region")?.text == "APAC", "region")
        // The same deal through v1 reads the same.
        check(client.deals().get(created.id).customField(client, "Kotlin v2 Budget")?.text == "1250.75 EUR", "through v1")

        // PATCH by name: Clear empties one field, the other is left alone.
        val patch = client.customFieldsObject(FieldKind.DEAL, mapOf("Kotlin v2 Region" to CustomFieldInput.Clear))
        val patched = deals.update(created.id, V2UpdateDeal(customFields = patch))
        check(patched.customField(client, "Kotlin v2 Region") == null, "region cleared: ${patched.customFields}")
        check(patched.customFieldValues(client)["Kotlin v2 Budget"]?.text == "1250.75 EUR", "budget kept")
        expectThrows<PipedriveException.InvalidInput>("an unknown label") {
            client.customFieldsObject(FieldKind.DEAL, mapOf("Kotlin v2 Region" to CustomFieldInput.Text("Mars")))
        }
        deals.delete(created.id)
    }

    test("v2: a thousand deals by cursor, none twice") { client ->
        val deals = client.v2().deals()
        val before = deals.listPager(V2ListDeals(limit = 500)).asSequence().count()
        val made = (before until 1000).map { deals.create(V2CreateDeal(title = "cursor deal $it")).id }
        try {
            val ids = deals.listPager(V2ListDeals(limit = 100)).asSequence().map { it.id }.toList()
            check(ids.size == 1000 && ids.toSet().size == 1000, "walked ${ids.size} deals, ${ids.toSet().size} distinct")
            val first = deals.list(V2ListDeals(limit = 10))
            check(first.items.size == 10 && first.nextCursor != null, "first page ${first.items.size}, cursor ${first.nextCursor}")
        } finally {
            for (id in made) deals.delete(id)
        }
    }

    test("v2: persons and organizations, and the accessors of every v2 resource") { client ->
        val org = client.v2().organizations().create(V2CreateOrganization(name = "Kotlin v2 Ltd"))
        val person = client.v2().persons().create(V2CreatePerson(name = "Grace", orgId = org.id))
        check(person.orgId == org.id, "person's org ${person.orgId}")
        check(client.v2().persons().get(person.id).name == "Grace", "person read back")
        client.v2().persons().delete(person.id)
        client.v2().organizations().delete(org.id)
        val stages = client.v2().stages().list()
        check(stages.items.isNotEmpty(), "v2 stages ${stages.items.size}")
    }
}

fun deprecationTests() {
    test("v1 operations Pipedrive deprecated are @Deprecated, naming the v2 call") { _ ->
        val list = Deals::class.java.methods.first { it.name == "list" }
        val note = list.getAnnotation(Deprecated::class.java) ?: error("Deals.list is not @Deprecated")
        check(note.message.contains("client.v2().deals().list(..)") && note.message.contains("GET /v2/deals"), "message: ${note.message}")
        check(Deals::class.java.methods.first { it.name == "listPager" }.isAnnotationPresent(Deprecated::class.java), "listPager")
        // Leads live on in v1, and v2 is never deprecated.
        check(!Leads::class.java.methods.first { it.name == "list" }.isAnnotationPresent(Deprecated::class.java), "Leads.list")
        check(!V2Deals::class.java.methods.first { it.name == "list" }.isAnnotationPresent(Deprecated::class.java), "V2Deals.list")
    }
}
