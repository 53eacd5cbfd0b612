// The coroutine forms as a Kotlin developer writes them: `suspend` calls from coroutines,
// several coroutines sharing one client, pagers as a Flow and a Sequence, and a call
// abandoned by `withTimeout` that returns when the timeout fires, not when the server
// answers.
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import uniffi.pipedrive_ffi.*

fun asyncTests(url: String, seededDeals: Int) {
    test("suspend calls create, read and delete from a coroutine") { client ->
        runBlocking {
            val deals = client.deals()
            val made = deals.createAsync(CreateDeal(title = "Coroutine deal"))
            val read = deals.getAsync(made.id)
            check(read.title == "Coroutine deal", "read ${read.title}")
            deals.deleteAsync(made.id)
            val gone = expectThrows<PipedriveException.NotFound>("no such deal") { deals.getAsync(987_654L) }
            check(gone.status == 404, "status ${gone.status}")
        }
    }

    test("8 coroutines share one client") { client ->
        val titles = runBlocking(Dispatchers.Default) {
            (1..8).map { id -> async { client.deals().getAsync(id.toLong()).title } }.awaitAll()
        }
        check(titles.size == 8 && titles.all { !it.isNullOrEmpty() }, "titles $titles")
    }

    test("a pager is a Flow and a Sequence of every deal") { client ->
        val flowed = runBlocking { client.deals().listPager(ListDeals(limit = 50)).asFlow().map { it.id }.toList() }
        check(flowed.size == seededDeals && flowed.toSet().size == seededDeals, "flow: ${flowed.size} of $seededDeals")
        val counted = client.deals().listPager(ListDeals(limit = 50)).asSequence().count()
        check(counted == seededDeals, "sequence: $counted of $seededDeals")
    }

    test("withTimeout abandons a slow call when it fires") { client ->
        try {
            faults(url, """{"delay_ms": 3000}""")
            val started = System.nanoTime()
            val answer = runBlocking { withTimeoutOrNull(200) { client.deals().getAsync(1L) } }
            val waitedMs = (System.nanoTime() - started) / 1_000_000
            check(answer == null, "the call was not cancelled: $answer")
            // A bound, not a measurement: the caller is back long before the 3 s answer.
            check(waitedMs < 2000, "cancellation waited ${waitedMs} ms for the server")
        } finally {
            faults(url, """{"clear": true}""")
        }
        // The abandoned call left nothing behind: the client goes on as before.
        check(client.deals().get(1L).id == 1L, "client still usable")
    }
}
