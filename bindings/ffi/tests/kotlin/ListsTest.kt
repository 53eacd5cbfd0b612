// Lists, search and small inputs, written as a Kotlin user writes them: every list is a
// page plus a pager, a search pager has `first()`, fields carry their wire key (`type`),
// emails and phones are `ContactInput` records, and an error's `code` comes from
// whichever spelling the body uses (`errorCode` here).
import uniffi.pipedrive_ffi.*

/// A one-shot local HTTP server answering every request with `status` and `body`.
fun answering(status: Int, body: String): com.sun.net.httpserver.HttpServer {
    val server = com.sun.net.httpserver.HttpServer.create(java.net.InetSocketAddress("127.0.0.1", 0), 0)
    server.createContext("/") { ex ->
        val bytes = body.toByteArray()
        ex.responseHeaders.add("content-type", "application/json")
        ex.sendResponseHeaders(status, bytes.size.toLong())
        ex.responseBody.use { it.write(bytes) }
    }
    server.start()
    return server
}

fun listsTests() {
    test("a list answered in one response is a page, and its pager ends after it") { client ->
        val page = client.stages().list()
        check(page.items.isNotEmpty() && !page.moreItems, "stages page ${page.items.size} ${page.moreItems}")
        val pager = client.stages().listPager()
        val first = pager.nextPage() ?: error("one page")
        check(first.items.map { it.id } == page.items.map { it.id }, "pager page ${first.items}")
        check(pager.nextPage() == null, "nothing after the only page")
        val users: UserPage = client.users().list()
        check(users.items.isNotEmpty(), "users ${users.items}")
    }

    test("search hits carry item and score; first() takes the best match") { client ->
        val orgs = client.organizations()
        val org = orgs.create(CreateOrganization(name = "Quillfeather Ltd"))
        try {
            val hits = orgs.search(SearchOrganizations(term = "Quillfeather")).items
            check(hits.size == 1 && hits[0].item.id == org.id, "hits $hits")
            check(hits[0].item.type == "organization", "type ${hits[0].item.type}")
            check(hits[0].resultScore != null, "score ${hits[0].resultScore}")
            val found = orgs.searchPager(SearchOrganizations(term = "Quillfeather")).first()
            check(found?.id == org.id && found?.name == "Quillfeather Ltd", "first $found")
            val none = client.deals().searchPager(SearchDeals(term = "nothing matches this")).first()
            check(none == null, "no match gives null: $none")
        } finally {
            orgs.delete(org.id)
        }
    }

    test("emails and phones are ContactInput records") { client ->
        val persons = client.persons()
        val p = persons.create(CreatePerson(
            name = "Grace Kotlin",
            email = listOf(ContactInput("grace@example.com"), ContactInput(value = "grace@navy.example", label = "work")),
            phone = listOf(ContactInput(value = "+15555550100", primary = true, label = "mobile")),
        ))
        try {
            check(p.email?.map { it.value } == listOf("grace@example.com", "grace@navy.example"), "emails ${p.email}")
            check(p.email?.get(1)?.label == "work", "label ${p.email}")
            check(p.phone?.get(0)?.value == "+15555550100" && p.phone?.get(0)?.label == "mobile", "phone ${p.phone}")
        } finally {
            persons.delete(p.id)
        }
    }

    test("a rate-limit error has the code of its body") { _ ->
        val server = answering(429, """{"success":false,"error":"Rate limit exceeded","errorCode":429}""")
        try {
            val config = ClientConfig(apiToken = ApiToken("t"), baseUrl = "http://127.0.0.1:${server.address.port}", maxRetries = 0)
            Client(config).use { c ->
                val e = expectThrows<PipedriveException.RateLimited>("429") { c.deals().get(1L) }
                check(e.status == 429 && e.code == "429" && e.errorText == "Rate limit exceeded", "429 fields: $e")
            }
        } finally {
            server.stop(0)
        }
    }

    test("every params record without required fields has defaults") { _ ->
        check(UpdateDeal() == UpdateDeal(title = null), "UpdateDeal()")
        check(ListStages().pipelineId == null, "ListStages()")
    }
}

fun surrogateTests() {
    test("text with a lone surrogate is InvalidInput, before any request") { client ->
        val split = "Deal 😀".take(6) // ends in the first half of the emoji
        val e = expectThrows<PipedriveException.InvalidInput>("lone surrogate") {
            client.deals().create(CreateDeal(title = split))
        }
        check(e.detail.contains("surrogate at index 5"), "detail ${e.detail}")
        // A whole emoji is fine.
        val made = client.deals().create(CreateDeal(title = "Deal 😀"))
        check(made.title == "Deal 😀", "title ${made.title}")
        client.deals().delete(made.id)
    }
}
