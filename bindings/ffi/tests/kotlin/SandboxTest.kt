// End-to-end test of the generated Kotlin bindings (the same code Android uses) against
// a local pipedrive-sandbox. Run by scripts/ffi-kotlin-test.sh; runs every test, prints
// one line each and exits non-zero if any failed. Method names are checked by reflection,
// exactly as Java sees them: ids are `Long`, so no name carries Kotlin's hash suffix for
// unsigned parameters (`get-VKZWuLQ`).
import uniffi.pipedrive_ffi.*

fun check(cond: Boolean, what: String) {
    if (!cond) throw AssertionError("FAILED: $what")
}

inline fun <reified E : Throwable> expectThrows(what: String, block: () -> Unit): E {
    try {
        block()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("FAILED: $what: expected ${E::class.simpleName}, got $e")
    }
    throw AssertionError("FAILED: $what: nothing was thrown")
}

fun camel(snake: String): String =
    snake.split('_').mapIndexed { i, p -> if (i == 0) p else p.replaceFirstChar { it.uppercase() } }
        .joinToString("")

/// Queues sandbox faults through its control route (`POST /_sandbox/faults`).
fun faults(url: String, json: String) {
    val c = java.net.URI("${url.removeSuffix("/v1")}/_sandbox/faults").toURL().openConnection() as java.net.HttpURLConnection
    c.requestMethod = "POST"
    c.doOutput = true
    c.outputStream.use { it.write(json.toByteArray()) }
    check(c.responseCode == 200, "sandbox faults: HTTP ${c.responseCode}")
    c.disconnect()
}

val tests = mutableListOf<Pair<String, (Client) -> Unit>>()
fun test(name: String, body: (Client) -> Unit) { tests.add(name to body) }

fun main() {
    idsTests()
    customFieldsTests()
    listsTests()
    surrogateTests()
    moneyDatesTests()
    referencesTests()
    jsonTests()
    val url = System.getenv("PIPEDRIVE_SANDBOX_URL") ?: error("PIPEDRIVE_SANDBOX_URL is not set")
    val token = System.getenv("PIPEDRIVE_SANDBOX_TOKEN") ?: error("PIPEDRIVE_SANDBOX_TOKEN is not set")
    val seededDeals = (System.getenv("PIPEDRIVE_SANDBOX_DEALS") ?: error("PIPEDRIVE_SANDBOX_DEALS is not set")).toInt()
    cookbookTests()
    asyncTests(url, seededDeals)

    test("every Rust operation is a method here") { client ->
        val ops = operations()
        check(ops.size == 165 + 158, "165 v1 and 158 v2 operations in the Rust surface, got ${ops.size}")
        // `deals` is `client.deals()`, `v2.deals` is `client.v2().deals()`.
        val missing = ops.filter { op ->
            var holder: Class<*>? = Client::class.java
            for (part in op.resource.split('.')) {
                holder = holder?.methods?.firstOrNull { it.name == camel(part) && it.parameterCount == 0 }?.returnType
            }
            holder == null || holder.methods.none { it.name == camel(op.method) }
        }
        check(missing.isEmpty(), "operations missing from the Kotlin surface: ${missing.map { "${it.resource}.${it.method}" }}")
        check(client.baseUrl() == url, "base URL ${client.baseUrl()}")
    }

    test("deal create, read, update, delete") { client ->
        val deals = client.deals()
        val created = deals.create(CreateDeal(title = "Kotlin deal", value = java.math.BigDecimal("1500"), currency = "EUR"))
        val id = created.id
        check(created.title == "Kotlin deal", "created title ${created.title}")
        val read = deals.get(id)
        check(read.title == "Kotlin deal" && read.currency == "EUR", "read back $read")
        check(read.value?.compareTo(java.math.BigDecimal(1500)) == 0, "value ${read.value}")
        check(read.extra is Json.Object, "extra is a JSON object: ${read.extra}")
        val updated = deals.update(id, UpdateDeal(title = "Kotlin deal (won)", status = "won"))
        check(updated.title == "Kotlin deal (won)" && updated.status == "won", "updated $updated")
        check(deals.get(id).status == "won", "status persisted")
        val deleted = deals.delete(id)
        check(deleted.id == id, "delete result $deleted")
        // Pipedrive keeps a deleted deal for 30 days with status "deleted"; lists skip it.
        check(deals.get(id).status == "deleted", "deleted deal reads as deleted")
        check(deals.list(ListDeals(limit = 500)).items.none { it.id == id }, "deleted deal not listed")
    }

    test("person create, read, update, delete with a custom field") { client ->
        val persons = client.persons()
        val tier = client.personFields().create(CreatePersonField(name = "Tier", fieldType = "varchar"))
        val key = tier.key ?: error("custom field has no key")
        check(key.length == 40, "custom field key $key")
        val p = persons.create(CreatePerson(
            name = "Ada Kotlin",
            email = listOf(ContactInput(value = "ada@example.com", primary = true)),
            extra = jsonObject(key to Json.Text("gold")),
        ))
        val id = p.id
        check(p.name == "Ada Kotlin", "name ${p.name}")
        val read = persons.get(id)
        check(read.name == "Ada Kotlin", "read ${read.name}")
        check(read.email?.any { it.value == "ada@example.com" } == true, "email ${read.email}")
        // Custom fields come back in `extra`, a JSON object keyed by the field key.
        check(read.extra[key]?.string == "gold", "custom field in extra: ${read.extra}")
        val upd = persons.update(id, UpdatePerson(name = "Ada K."))
        check(upd.name == "Ada K.", "updated ${upd.name}")
        persons.delete(id)
        check(persons.get(id).activeFlag == false, "deleted person is inactive")
        check(persons.list(ListPersons(limit = 500)).items.none { it.id == id }, "deleted person not listed")
    }

    test("paginate the seeded deals to the end") { client ->
        val pager = client.deals().listPager(ListDeals(limit = 50))
        val ids = mutableListOf<Long>()
        var pages = 0
        var last: DealPage? = null
        while (true) {
            val page = pager.nextPage() ?: break
            pages += 1
            ids.addAll(page.items.map { it.id })
            last = page
        }
        check(pager.nextPage() == null, "pager stays finished")
        check(pages == (seededDeals + 49) / 50, "pages: $pages")
        check(ids.size == seededDeals && ids.toSet().size == seededDeals, "ids: ${ids.size} (${ids.toSet().size} distinct)")
        check(last?.moreItems == false, "last page says no more")
        val first = client.deals().list(ListDeals(limit = 10))
        check(first.items.size == 10 && first.moreItems && first.nextStart == 10L, "first page ${first.items.size} ${first.moreItems} ${first.nextStart}")
    }

    test("a pager stopped by a 503 goes on where it stopped") { _ ->
        Client(ClientConfig(apiToken = ApiToken(token), baseUrl = url, maxRetries = 0)).use { noRetry ->
            val pager = noRetry.deals().listPager(ListDeals(limit = 50))
            val ids = mutableListOf<Long>()
            ids.addAll(pager.nextPage()?.items?.map { it.id } ?: error("no first page"))
            try {
                faults(url, """{"fail_next": {"n": 1, "status": 503}}""")
                val e = expectThrows<PipedriveException.Api>("the 503") { pager.nextPage() }
                check(e.status == 503, "status ${e.status}")
            } finally {
                faults(url, """{"clear": true}""")
            }
            // The catch-and-retry loop of an export: the next call fetches the page that failed.
            while (true) {
                val page = pager.nextPage() ?: break
                ids.addAll(page.items.map { it.id })
            }
            check(ids.size == seededDeals && ids.toSet().size == seededDeals, "resumed: ${ids.size} (${ids.toSet().size} distinct) of $seededDeals")
        }
    }

    test("close() frees the client even while its resources are alive") { _ ->
        val c = Client(ClientConfig(apiToken = ApiToken(token), baseUrl = url))
        val deals = c.deals()
        check(deals.get(1L).id == 1L, "usable before close")
        val pager = deals.listPager(ListDeals(limit = 5))
        check(pager.nextPage()?.items?.size == 5, "pager usable before close")
        c.close()
        val e = expectThrows<PipedriveException.InvalidInput>("a call after close") { deals.get(1L) }
        check(e.detail.contains("closed"), "detail ${e.detail}")
        val p = expectThrows<PipedriveException.InvalidInput>("a pager after close") { pager.nextPage() }
        check(p.detail.contains("closed"), "pager detail ${p.detail}")
    }

    test("search finds a deal by title") { client ->
        val deals = client.deals()
        val made = deals.create(CreateDeal(title = "Zephyrine rollout"))
        val hits = deals.search(SearchDeals(term = "Zephyrine"))
        check(hits.items.any { it.item.id == made.id && it.item.title == "Zephyrine rollout" }, "hits ${hits.items}")
        val exact = deals.search(SearchDeals(term = "Zephyrine rollout", exactMatch = true, fields = "title"))
        check(exact.items.size == 1, "exact hits ${exact.items.size}")
        deals.delete(made.id)
    }

    test("upload and download a file") { client ->
        val files = client.files()
        val deal = client.deals().create(CreateDeal(title = "With attachment"))
        val content = ByteArray(70_000) { (it % 251).toByte() }
        val up = files.upload(UploadFile(file = FileUpload.Bytes("notes.bin", content), dealId = deal.id))
        val fid = up.id
        check(up.name == "notes.bin", "name ${up.name}")
        check(up.fileSize == content.size.toLong() || up.fileSize == null, "size ${up.fileSize}")
        val back = files.download(fid)
        check(back.contentEquals(content), "downloaded ${back.size} bytes")
        val tmp = java.io.File.createTempFile("pipedrive-ffi", ".bin")
        try {
            val n = files.downloadToPath(fid, tmp.path)
            check(n == content.size.toLong() && tmp.readBytes().contentEquals(content), "to path: $n")
        } finally {
            tmp.delete()
        }
        val onDisk = java.io.File.createTempFile("upload", ".txt").apply { writeText("from disk") }
        try {
            val up2 = files.upload(UploadFile(file = FileUpload.Path(onDisk.path)))
            check(String(files.download(up2.id)) == "from disk", "path upload round trip")
        } finally {
            onDisk.delete()
        }
    }

    test("typed 404 and 401 errors, with no token in them") { client ->
        val e404 = expectThrows<PipedriveException.NotFound>("missing deal") { client.deals().get(987654321L) }
        check(e404.status == 404 && e404.errorText.isNotEmpty(), "404: $e404")
        // The message is the Rust error's text, not a dump of every field.
        check(e404.message == e404.detail && e404.detail.startsWith("not found (HTTP 404)"), "message: ${e404.message}")
        val badConfig = ClientConfig(apiToken = ApiToken("wrong-token-123"), baseUrl = url, maxRetries = 0)
        check(!badConfig.toString().contains("wrong-token-123"), "token in the config's toString: $badConfig")
        val bad = Client(badConfig)
        val e401 = expectThrows<PipedriveException.Unauthorized>("wrong token") { bad.deals().list() }
        check(e401.status == 401, "401 status ${e401.status}")
        check(!e401.toString().contains("wrong-token-123") && e401.message?.contains("wrong-token-123") != true, "token leaked: $e401")
        bad.close()
        val invalid = expectThrows<PipedriveException.InvalidInput>("bad extra JSON") {
            client.deals().create(CreateDeal(title = "x", extra = Json.Array(listOf(Json.Number("1")))))
        }
        check(invalid.detail.contains("expected a JSON object, got an array"), "detail ${invalid.detail}")
        expectThrows<PipedriveException.InvalidInput>("empty token") { Client(ClientConfig(apiToken = ApiToken(""))) }
        val negative = expectThrows<PipedriveException.InvalidInput>("negative retries") {
            Client(ClientConfig(apiToken = ApiToken("t"), maxRetries = -1))
        }
        check(negative.detail.contains("max_retries"), "names the setting: ${negative.detail}")
    }

    test("error table rows: coded 404, refused redirect, spent daily budget") { client ->
        try {
            faults(url, """{"answer_next": ["error-404", "redirect", "daily-budget"]}""")
            val nf = expectThrows<PipedriveException.NotFound>("coded 404") { client.deals().list() }
            check(nf.status == 404 && nf.code == "E_SANDBOX_FAULT" && nf.body.contains("E_SANDBOX_FAULT"), "404 fields: $nf")
            check(nf.errorInfo == "Injected by the pipedrive-rs sandbox.", "404 errorInfo: ${nf.errorInfo}")
            val moved = expectThrows<PipedriveException.Transport>("refused redirect") { client.deals().list() }
            check(moved.status == 302 && moved.detail.contains("pipedrive.invalid"), "redirect: $moved")
            val budget = expectThrows<PipedriveException.RateLimited>("daily budget") { client.deals().list() }
            check(budget.retryAfterSeconds == 3600.0 && budget.rateLimit.dailyRequestsLeft == 0L, "daily budget: $budget")
        } finally {
            faults(url, """{"clear": true}""")
        }
    }

    test("OAuth: a 401 asks the Kotlin refresher, then the request goes again with the new bearer") { _ ->
        var calls = 0
        val refresher = object : TokenRefresher {
            override fun refreshToken(): String { calls += 1; return token }
        }
        val config = ClientConfig(oauthToken = OAuthToken("expired-access-token"), onTokenRefresh = refresher, baseUrl = url, maxRetries = 0)
        check(!config.toString().contains("expired-access-token"), "token in the config's toString: $config")
        Client(config).use { oauth ->
            oauth.deals().list()
            oauth.deals().list()
        }
        check(calls == 1, "refresher called $calls times, expected once")
        val failing = object : TokenRefresher {
            override fun refreshToken(): String = throw TokenRefreshException.Failed("refresh token revoked")
        }
        Client(ClientConfig(oauthToken = OAuthToken("expired-access-token"), onTokenRefresh = failing, baseUrl = url)).use { oauth ->
            val e = expectThrows<PipedriveException.Unauthorized>("failed refresh") { oauth.deals().list() }
            check(e.status == 401 && e.errorText == null && e.detail.contains("refresh token revoked"), "refresher's text in $e")
        }
    }

    v2Tests()
    deprecationTests()

    val client = Client(ClientConfig(apiToken = ApiToken(token), baseUrl = url, timeout = java.time.Duration.ofSeconds(30)))
    var failed = 0
    for ((name, body) in tests) {
        try {
            body(client)
            println("ok   $name")
        } catch (e: Throwable) {
            failed += 1
            println("FAIL $name: $e")
        }
    }
    client.close()
    println("${tests.size - failed} passed, $failed failed")
    if (failed > 0) kotlin.system.exitProcess(1)
}
