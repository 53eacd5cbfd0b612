// Money and dates as a Kotlin user writes them: BigDecimal amounts in and out, LocalDate
// and LocalTime (UTC) for activities, Instant for timestamps.
import java.math.BigDecimal
import java.time.Instant
import java.time.LocalDate
import java.time.LocalTime
import java.time.OffsetTime
import java.time.ZoneOffset
import uniffi.pipedrive_ffi.*

fun moneyDatesTests() {
    test("a deal value is a BigDecimal both ways") { client ->
        val deals = client.deals()
        val created = deals.create(CreateDeal(title = "Licences", value = BigDecimal("1234.50")))
        // Equal by value: the sandbox, like Pipedrive, keeps 1234.5.
        check(created.value?.compareTo(BigDecimal("1234.50")) == 0, "value ${created.value}")
        check(created.value == BigDecimal("1234.5"), "server's digits ${created.value}")
        val big = deals.update(created.id, UpdateDeal(value = BigDecimal("12345678.91")))
        check(big.value == BigDecimal("12345678.91"), "exact digits ${big.value}")
        deals.delete(created.id) // the sandbox is shared: leave the seeded deals alone
    }

    test("a product line takes a BigDecimal price and quantity") { client ->
        val product = client.products().create(CreateProduct(name = "Seat"))
        val deal = client.deals().create(CreateDeal(title = "Seats"))
        val line = client.deals().addProduct(
            deal.id,
            AddDealProduct(productId = product.id, itemPrice = BigDecimal("19.99"), quantity = BigDecimal(3)),
        )
        check(line.itemPrice == BigDecimal("19.99"), "item price ${line.itemPrice}")
        check(line.quantity?.compareTo(BigDecimal(3)) == 0, "quantity ${line.quantity}")
        check(line.sum == BigDecimal("59.97"), "sum ${line.sum}")
        client.deals().delete(deal.id)
    }

    test("a lead value and product prices are BigDecimals with a currency") { client ->
        val product = client.products().create(CreateProduct(
            name = "Seat",
            prices = listOf(
                PriceInput(currency = "EUR", price = BigDecimal("120.50"), cost = BigDecimal(80)),
                PriceInput(currency = "USD", price = BigDecimal(130), notes = "list price"),
            ),
        ))
        val eur = product.prices?.first { it.currency == "EUR" }
        check(eur?.price?.compareTo(BigDecimal("120.50")) == 0, "EUR price ${eur?.price}")
        check(eur?.cost?.compareTo(BigDecimal(80)) == 0, "EUR cost ${eur?.cost}")
        check(product.prices?.first { it.currency == "USD" }?.notes == "list price", "USD notes")

        val org = client.organizations().create(CreateOrganization(name = "Pine Foods"))
        val lead = client.leads().create(CreateLead(
            title = "Seats for the Tallinn office",
            organizationId = org.id,
            value = LeadValueInput(amount = BigDecimal("2500.75"), currency = "EUR"),
        ))
        check(lead.value?.amount == BigDecimal("2500.75"), "lead amount ${lead.value?.amount}")
        check(lead.value?.currency == "EUR", "lead currency ${lead.value?.currency}")
        client.leads().delete(lead.id)
        client.organizations().delete(org.id)
    }

    test("an activity takes a LocalDate and a UTC LocalTime") { client ->
        // 16:30 at UTC+2 is 14:30 UTC, the zone Pipedrive keeps due_time in.
        val due = OffsetTime.of(16, 30, 0, 0, ZoneOffset.ofHours(2)).withOffsetSameInstant(ZoneOffset.UTC).toLocalTime()
        val activity = client.activities().create(CreateActivity(
            subject = "Kick-off",
            dueDate = LocalDate.of(2026, 12, 1),
            dueTime = due,
        ))
        check(activity.dueDate == LocalDate.of(2026, 12, 1), "due date ${activity.dueDate}")
        check(activity.dueTime == LocalTime.of(14, 30), "due time ${activity.dueTime}")
        val added = activity.addTime ?: error("the server stamps add_time")
        check(added.isAfter(Instant.parse("2020-01-01T00:00:00Z")), "add time $added")
    }

    test("a timestamp parameter is an Instant") { client ->
        val at = Instant.parse("2026-05-01T07:00:00Z")
        val deal = client.deals().create(CreateDeal(title = "Backdated", addTime = at, expectedCloseDate = LocalDate.of(2026, 6, 30)))
        check(deal.addTime == at, "add time ${deal.addTime}")
        check(deal.expectedCloseDate == LocalDate.of(2026, 6, 30), "close date ${deal.expectedCloseDate}")
        client.deals().delete(deal.id)
    }
}
