// Custom fields by name through the uniffi client: write on create/update, read typed
// values whose text has no JSON quotes, clear, refresh after adding a field.
import java.math.BigDecimal
import java.time.LocalDate
import uniffi.pipedrive_ffi.*

fun customFieldsTests() {
    test("custom fields: write, read and clear by name") { client ->
        client.dealFields().create(CreateDealField(
            name = "Kotlin Region",
            fieldType = "enum",
            options = listOf(FieldOptionInput("EMEA"), FieldOptionInput("APAC")),
        ))
        client.dealFields().create(CreateDealField(name = "Kotlin Budget", fieldType = "monetary"))
        client.refreshCustomFields()

        val extra = client.customFieldsExtra(FieldKind.DEAL, mapOf(
            "Kotlin Region" to CustomFieldInput.Text("APAC"),
            "kotlin budget" to CustomFieldInput.Money(BigDecimal("2500"), "EUR"),
        ))
        val deal = client.deals().create(CreateDeal(title = "Kotlin regional", extra = extra))
        val region = deal.customField(client, "Kotlin Region")
            ?: error("region not set: ${deal.extra}")
        check(region.text == "APAC" && region.kind == "option" && region.labels == listOf("APAC"), "region $region")
        val budget = deal.customField(client, "Kotlin Budget") ?: error("budget not set")
        // The client-level form reads the same, from any `extra`.
        check(client.customField(FieldKind.DEAL, deal.extra, "Kotlin Budget") == budget, "same through the client")
        check(budget.text == "2500 EUR" && budget.currency == "EUR" && budget.amount == BigDecimal("2500"), "budget $budget")

        val id = deal.id
        val clear = client.customFieldsExtra(FieldKind.DEAL, mapOf("Kotlin Region" to CustomFieldInput.Clear))
        val cleared = client.deals().update(id, UpdateDeal(extra = clear))
        check(cleared.customField(client, "Kotlin Region") == null, "cleared: ${cleared.extra}")
        check(cleared.customFieldValues(client).containsKey("Kotlin Budget"), "budget kept")
        // Other tests count the seeded deals.
        client.deals().delete(id)
    }

    test("custom fields: amounts are BigDecimal, dates LocalDate") { client ->
        client.dealFields().create(CreateDealField(name = "Kotlin Score", fieldType = "double"))
        client.dealFields().create(CreateDealField(name = "Kotlin Kickoff", fieldType = "date"))
        client.refreshCustomFields()
        val kickoff = LocalDate.of(2026, 5, 1)
        val extra = client.customFieldsExtra(FieldKind.DEAL, mapOf(
            "Kotlin Score" to CustomFieldInput.Number(BigDecimal("1234.25")),
            "Kotlin Kickoff" to CustomFieldInput.Date(kickoff, null),
        ))
        val deal = client.deals().create(CreateDeal(title = "Kotlin dated", extra = extra))
        val score = deal.customField(client, "Kotlin Score") ?: error("score not set")
        check(score.amount == BigDecimal("1234.25") && score.text == "1234.25", "score $score")
        val read = deal.customField(client, "Kotlin Kickoff") ?: error("kickoff not set")
        check(read.date == kickoff && read.text == "2026-05-01" && read.kind == "date", "kickoff $read")
        client.deals().delete(deal.id ?: error("deal has no id"))
    }

    test("custom fields: unknown names and labels are InvalidInput") { client ->
        val e = expectThrows<PipedriveException.InvalidInput>("unknown name") {
            client.customFieldsExtra(FieldKind.DEAL, mapOf("Kotlin Regoin" to CustomFieldInput.Text("EMEA")))
        }
        check(e.detail.contains("Kotlin Regoin"), "names the field: ${e.detail}")
        val bad = expectThrows<PipedriveException.InvalidInput>("unknown label") {
            client.customFieldsExtra(FieldKind.DEAL, mapOf("Kotlin Region" to CustomFieldInput.Text("Mars")))
        }
        check(bad.detail.contains("EMEA, APAC"), "lists the options: ${bad.detail}")
    }

    test("custom fields: export prints values without JSON quotes") { client ->
        val rows = client.deals().list(ListDeals(limit = 5)).items.map { deal ->
            val source = deal.customField(client, "Lead source")?.text ?: ""
            val months = deal.customField(client, "Contract months")?.text ?: ""
            "${deal.id},${deal.title},$source,$months"
        }
        check(rows.size == 5 && rows.none { it.contains('"') }, "rows $rows")
        check(rows.all { it.split(',').size == 4 && it.split(',')[2].isNotEmpty() }, "seeded values in $rows")
    }

    test("custom fields: refresh sees a field added later") { client ->
        val person = client.persons().create(CreatePerson(name = "Kotlin Ada"))
        expectThrows<PipedriveException.InvalidInput>("not yet known") {
            client.customFieldKey(FieldKind.PERSON, "Kotlin Tier")
        }
        client.personFields().create(CreatePersonField(name = "Kotlin Tier", fieldType = "varchar"))
        client.refreshCustomFields()
        check(client.customFieldKey(FieldKind.PERSON, "Kotlin Tier").length == 40, "key after refresh")
        val id = person.id
        val extra = client.customFieldsExtra(FieldKind.PERSON, mapOf("Kotlin Tier" to CustomFieldInput.Text("gold")))
        val updated = client.persons().update(id, UpdatePerson(extra = extra))
        check(updated.customField(client, "Kotlin Tier")?.text == "gold", "tier ${updated.extra}")
    }
}
