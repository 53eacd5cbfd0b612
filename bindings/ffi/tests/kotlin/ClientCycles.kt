// 2,000 clients opened and closed, as an app that makes one per screen would: afterwards
// no socket is left open and the process's resident memory has not grown, although every
// resource object and pager taken from those clients is still reachable (so the garbage
// collector cannot be what frees them: close() must). Run by scripts/ffi-kotlin-test.sh in
// its own JVM with a fixed, pre-touched heap (-Xms64m -Xmx64m -XX:+AlwaysPreTouch), so
// that a change in RSS is native memory, not the Java heap growing.
import uniffi.pipedrive_ffi.*

object ClientCycles {
    private fun openSockets() = java.io.File("/proc/self/fd").listFiles().orEmpty().count { fd ->
        runCatching { java.nio.file.Files.readSymbolicLink(fd.toPath()).toString().startsWith("socket:") }.getOrDefault(false)
    }

    private fun rssMiB() = java.io.File("/proc/self/status").readLines()
        .first { it.startsWith("VmRSS:") }.split(Regex("\\s+"))[1].toLong() / 1024

    @JvmStatic
    fun main(args: Array<String>) {
        val url = System.getenv("PIPEDRIVE_SANDBOX_URL") ?: error("PIPEDRIVE_SANDBOX_URL is not set")
        val token = System.getenv("PIPEDRIVE_SANDBOX_TOKEN") ?: error("PIPEDRIVE_SANDBOX_TOKEN is not set")
        val kept = ArrayList<Any>()
        fun cycle() = Client(ClientConfig(apiToken = ApiToken(token), baseUrl = url)).use {
            val deals = it.deals()
            check(deals.get(1L).id == 1L, "get")
            val pager = deals.listPager(ListDeals(limit = 2))
            check(pager.nextPage()?.items?.size == 2, "first page")
            kept.add(deals)
            kept.add(pager)
        }
        repeat(500) { cycle() } // warm-up: class loading, the JIT and code caches settle first
        val sockets = openSockets()
        val rss = rssMiB()
        repeat(2000) { cycle() }
        val socketsAfter = openSockets()
        val rssAfter = rssMiB()
        println("ClientCycles: 2,000 clients opened and closed, ${kept.size} resource objects and pagers kept alive")
        println("ClientCycles: sockets $sockets -> $socketsAfter, RSS $rss -> $rssAfter MiB")
        var failed = false
        if (socketsAfter > sockets + 4) {
            println("FAIL sockets open: $sockets before, $socketsAfter after 2,000 clients")
            failed = true
        }
        if (rssAfter - rss > 32) {
            println("FAIL RSS grew from $rss to $rssAfter MiB over 2,000 clients")
            failed = true
        }
        if (failed) kotlin.system.exitProcess(1)
        println("ok   2,000 clients opened and closed: sockets and RSS flat")
    }
}
