// Ids of returned records as a Kotlin user reads them: what get/create/update answer with
// has a plain, non-null id, usable directly for the next call.
import uniffi.pipedrive_ffi.*

fun idsTests() {
    test("a created deal's id is used directly for get, update and delete") { client ->
        val deals = client.deals()
        val created = deals.create(CreateDeal(title = "Ids deal"))
        val read = deals.get(created.id)
        check(read.id == created.id && read.title == "Ids deal", "read ${read.id} ${read.title}")
        val updated = deals.update(created.id, UpdateDeal(title = "Ids deal (renamed)"))
        check(updated.id == created.id && updated.title == "Ids deal (renamed)", "updated ${updated.title}")
        val deleted = deals.delete(created.id)
        check(deleted.id == created.id, "delete result $deleted")
    }

    test("list items carry their ids") { client ->
        val ids: List<Long> = client.stages().list().items.map { it.id }
        check(ids.isNotEmpty() && ids.toSet().size == ids.size, "stage ids $ids")
    }

    test("a negative id is refused before any request") { client ->
        val e = expectThrows<PipedriveException.InvalidInput>("get(-5)") { client.deals().get(-5L) }
        check(e.detail.contains("id must not be negative, got -5"), "detail ${e.detail}")
        val p = expectThrows<PipedriveException.InvalidInput>("a negative id in parameters") {
            client.deals().list(ListDeals(userId = -1L))
        }
        check(p.detail.contains("user_id must not be negative"), "detail ${p.detail}")
    }
}
