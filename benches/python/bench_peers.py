"""pipedrive_rs against its Python peers and a Rust floor, in one run, on one local server.

Run it with ``just py-bench`` (builds everything, starts the sandbox, runs this, stops it),
or by hand against a running ``pipedrive-sandbox --seed-deals 10000``::

    python benches/python/bench_peers.py --url http://127.0.0.1:P/v1 --token bench-token \
        --floor-bin target/release/examples/rust_floor

Two modes, every contender in the same run, rounds interleaved (A B C D E, E D C B A, ...):

1. ``iterate`` -- page through all deals with ``limit=100, status=all_not_deleted``
   (10,000 deals = 100 pages), touching ``id`` and ``title`` of each;
2. ``get`` -- ``GET /v1/deals/{id}`` for ids 1..1000, touching ``title``.

Contenders:

- ``pipedrive_rs``          -- this package: ``client.deals.list(...)`` / ``client.deals.get(id)``;
- ``pipedrive-python-lib``  -- the PyPI client (imports as ``pipedrive``); pointed at the
  sandbox through its own ``domain=`` argument (``BASE_URL = domain + "v1/"``), no
  monkeypatching. It has no pager, so the loop follows ``next_start`` like the raw ones.
  It calls ``requests.request`` (a new connection per call) -- that is how it ships;
- ``requests.Session``      -- raw: one session, ``.json()``;
- ``urllib3+orjson``        -- raw: one ``PoolManager``, ``orjson.loads``;
- ``rust floor``            -- ``benches/examples/rust_floor.rs``: one ``ureq::Agent`` and
  ``serde_json::Value``, kept running as a subprocess and timed inside itself.

Peak memory: every Python contender runs one ``iterate`` in a fresh interpreter and reports
``resource.getrusage(RUSAGE_SELF).ru_maxrss``; the floor reports its ``VmHWM``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import warnings
from typing import Any, Callable, Dict, List, Optional

PAGE = 100
STATUS = "all_not_deleted"

RS = "pipedrive_rs"
PYLIB = "pipedrive-python-lib"
REQUESTS = "requests.Session"
URLLIB3 = "urllib3+orjson"
FLOOR = "rust floor"
PY_CONTENDERS = [RS, PYLIB, REQUESTS, URLLIB3]
MODES = ["iterate", "get"]

# pipedrive_rs is measured on v1 on purpose (like for like with the other contenders);
# its deprecation warning is not part of what is compared.
warnings.filterwarnings("ignore", r"client\.\S+ is deprecated by Pipedrive", DeprecationWarning)

TARGETS = {
    "iterate": 1.2,  # pipedrive_rs / floor
    "get": 2.0,
}


# --------------------------------------------------------------------------- contenders
# Each contender: iterate() -> number of deals seen; get(n) -> number of deals fetched.



def walk_pages(fetch: Callable[[int], Any]) -> int:
    """Follows v1 offset pagination through `fetch(start)`, touching id and title of
    every deal the way the pipedrive_rs contender does; returns the number of deals."""
    n = 0
    start = 0
    while True:
        page = fetch(start)
        for deal in page["data"]:
            deal["id"]
            deal["title"]
            n += 1
        pag = page["additional_data"]["pagination"]
        if not pag.get("more_items_in_collection"):
            return n
        start = pag["next_start"]

class PipedriveRs:
    name = RS

    def __init__(self, url: str, token: str) -> None:
        import pipedrive_rs

        self.client = pipedrive_rs.Client(token, base_url=url)

    def iterate(self) -> int:
        n = 0
        for deal in self.client.deals.list(limit=PAGE, status=STATUS):
            deal.id
            deal.title
            n += 1
        return n

    def get(self, count: int) -> int:
        deals = self.client.deals
        for i in range(1, count + 1):
            if deals.get(i).title is None:
                raise RuntimeError(f"deal {i} without title")
        return count

    def close(self) -> None:
        close = getattr(self.client, "close", None)
        if close:
            close()


class PipedrivePythonLib:
    name = PYLIB

    def __init__(self, url: str, token: str) -> None:
        from pipedrive.client import Client

        origin = url.rstrip("/")
        if origin.endswith("/v1"):
            origin = origin[: -len("/v1")]
        # Its constructor sets BASE_URL = domain + "v1/", so a custom origin needs no patch.
        self.client = Client(domain=origin + "/")
        self.client.set_api_token(token)
        assert self.client.BASE_URL == origin + "/v1/", self.client.BASE_URL

    def iterate(self) -> int:
        deals = self.client.deals
        return walk_pages(
            lambda start: deals.get_all_deals(
                params={"start": start, "limit": PAGE, "status": STATUS}
            )
        )

    def get(self, count: int) -> int:
        deals = self.client.deals
        for i in range(1, count + 1):
            if deals.get_deal(i)["data"]["title"] is None:
                raise RuntimeError(f"deal {i} without title")
        return count

    def close(self) -> None:
        pass


class RawRequests:
    name = REQUESTS

    def __init__(self, url: str, token: str) -> None:
        import requests

        self.base = url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["x-api-token"] = token

    def iterate(self) -> int:
        url = self.base + "/deals"

        def fetch(start: int) -> Any:
            r = self.session.get(url, params={"start": start, "limit": PAGE, "status": STATUS})
            r.raise_for_status()
            return r.json()

        return walk_pages(fetch)

    def get(self, count: int) -> int:
        for i in range(1, count + 1):
            r = self.session.get(f"{self.base}/deals/{i}")
            r.raise_for_status()
            if r.json()["data"]["title"] is None:
                raise RuntimeError(f"deal {i} without title")
        return count

    def close(self) -> None:
        self.session.close()


class RawUrllib3:
    name = URLLIB3

    def __init__(self, url: str, token: str) -> None:
        import orjson
        import urllib3

        self.loads = orjson.loads
        self.base = url.rstrip("/")
        self.pool = urllib3.PoolManager(headers={"x-api-token": token})

    def _get(self, url: str, fields: Optional[Dict[str, Any]] = None) -> Any:
        r = self.pool.request("GET", url, fields=fields)
        if r.status != 200:
            raise RuntimeError(f"GET {url}: {r.status}")
        return self.loads(r.data)

    def iterate(self) -> int:
        url = self.base + "/deals"
        return walk_pages(
            lambda start: self._get(url, {"start": start, "limit": PAGE, "status": STATUS})
        )

    def get(self, count: int) -> int:
        for i in range(1, count + 1):
            if self._get(f"{self.base}/deals/{i}")["data"]["title"] is None:
                raise RuntimeError(f"deal {i} without title")
        return count

    def close(self) -> None:
        self.pool.clear()


class RustFloor:
    """benches/examples/rust_floor.rs, kept alive; it times each command itself."""

    name = FLOOR

    def __init__(self, url: str, token: str, binary: str) -> None:
        self.proc = subprocess.Popen(
            [binary, url, token],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.last_seconds = 0.0

    def _ask(self, command: str) -> Dict[str, Any]:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"rust_floor exited (code {self.proc.wait()}) on {command!r}")
        answer: Dict[str, Any] = json.loads(line)
        return answer

    def iterate(self) -> int:
        a = self._ask("iterate")
        self.last_seconds = a["seconds"]
        return int(a["items"])

    def get(self, count: int) -> int:
        a = self._ask(f"get {count}")
        self.last_seconds = a["seconds"]
        return int(a["items"])

    def rss_kib(self) -> int:
        return int(self._ask("rss")["rss_kib"])

    def close(self) -> None:
        try:
            self._ask("quit")
        except (RuntimeError, BrokenPipeError, ValueError):
            pass
        self.proc.wait(timeout=10)


FACTORIES: Dict[str, Callable[[str, str], Any]] = {
    RS: PipedriveRs,
    PYLIB: PipedrivePythonLib,
    REQUESTS: RawRequests,
    URLLIB3: RawUrllib3,
}


# --------------------------------------------------------------------------- timing


def run_once(contender: Any, mode: str, get_n: int, expect_deals: int) -> float:
    t = time.perf_counter()
    n = contender.iterate() if mode == "iterate" else contender.get(get_n)
    elapsed = time.perf_counter() - t
    if isinstance(contender, RustFloor):
        elapsed = contender.last_seconds  # timed in-process, no pipe round trip
    want = expect_deals if mode == "iterate" else get_n
    if n != want:
        raise RuntimeError(f"{contender.name} {mode}: saw {n} deals, expected {want}")
    return elapsed


def reset_server_cache(url: str, token: str) -> None:
    """Empties the sandbox's GET cache. It holds 1024 answers and starts over when full,
    and the contenders' request targets differ (query order, ``api_token=``), so without
    this, which contender meets a cold cache would depend on the order. Any authorized
    write clears it; a POST to an unknown route changes no data (it answers 404)."""
    import urllib.error
    import urllib.request

    req = urllib.request.Request(
        url.rstrip("/") + "/_bench_cache_reset", data=b"{}", method="POST",
        headers={"x-api-token": token, "content-type": "application/json"},
    )
    try:
        urllib.request.urlopen(req, timeout=30).read()
    except urllib.error.HTTPError as e:
        e.read()
        if e.code != 404:
            raise


def measure(contender: Any, mode: str, args: argparse.Namespace) -> float:
    """Cold cache, one untimed pass (fills the cache with exactly this contender's
    answers: at most 1000 entries, so no eviction), then the timed pass, all cache hits."""
    reset_server_cache(args.url, args.token)
    run_once(contender, mode, args.get_n, args.deals)
    return run_once(contender, mode, args.get_n, args.deals)


def child_rss(name: str, url: str, token: str, expect_deals: int) -> None:
    """Fresh-interpreter mode: one iterate, then print the peak RSS in KiB."""
    c = FACTORIES[name](url, token)
    n = c.iterate()
    if n != expect_deals:
        raise RuntimeError(f"{name}: saw {n} deals, expected {expect_deals}")
    c.close()
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":
        kib //= 1024  # bytes there
    print(json.dumps({"name": name, "rss_kib": kib, "hwm_kib": vm_hwm_kib()}))


def vm_hwm_kib() -> Optional[int]:
    """This process image's own peak RSS (Linux). Unlike ru_maxrss it is not inherited:
    Linux carries the parent's high-water mark across fork+exec into ru_maxrss, so a
    child of a big parent reports at least the parent's RSS at spawn time."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def peak_rss(url: str, token: str, expect_deals: int) -> Dict[str, Dict[str, Any]]:
    out: Dict[str, Dict[str, Any]] = {}
    for name in PY_CONTENDERS:
        proc = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--url", url, "--token", token,
             "--deals", str(expect_deals), "--child-rss", name],
            capture_output=True, text=True, check=True,
        )
        out[name] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def fmt_s(s: float) -> str:
    return f"{s * 1000:9.1f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url", required=True, help="sandbox base URL, e.g. http://127.0.0.1:P/v1")
    ap.add_argument("--token", required=True)
    ap.add_argument("--floor-bin", default="target/release/examples/rust_floor")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--get-n", type=int, default=1000)
    ap.add_argument("--deals", type=int, default=10000, help="deals the sandbox holds")
    ap.add_argument("--child-rss", choices=PY_CONTENDERS, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child_rss:
        child_rss(args.child_rss, args.url, args.token, args.deals)
        return 0

    import pipedrive
    import pipedrive_rs
    import requests
    import urllib3
    import orjson
    from importlib.metadata import version

    print("pipedrive_rs vs Python peers vs a Rust floor -- one run, one local sandbox")
    print(f"  server   {args.url} ({args.deals} deals; GET pages cached by the sandbox)")
    print(f"  python   {sys.version.split()[0]}  ({sys.executable})")
    print(f"  versions pipedrive_rs {version('pipedrive-rs')} ({os.path.dirname(pipedrive_rs.__file__)}), "
          f"pipedrive-python-lib {version('pipedrive-python-lib')}, requests {requests.__version__}, "
          f"urllib3 {urllib3.__version__}, orjson {orjson.__version__}")
    del pipedrive
    print(f"  modes    iterate: {args.deals} deals, {args.deals // PAGE} pages of limit={PAGE}, "
          f"touch id+title | get: GET /deals/{{id}} ids 1..{args.get_n}, touch title")
    print(f"  rounds   {args.rounds}, order alternating forward/reverse; medians per contender")
    print("  cache    before each timed pass: sandbox GET cache emptied, one untimed pass of the")
    print("           same contender+mode, so every timed pass is served from cache")
    print(f"  cores    {os.cpu_count()}")
    print()

    contenders: List[Any] = [FACTORIES[n](args.url, args.token) for n in PY_CONTENDERS]
    floor = RustFloor(args.url, args.token, args.floor_bin)
    contenders.append(floor)

    # Warm-up: opens connections, imports lazily-loaded code.
    for c in contenders:
        c.get(50)

    times: Dict[str, Dict[str, List[float]]] = {m: {c.name: [] for c in contenders} for m in MODES}
    t0 = time.perf_counter()
    for r in range(args.rounds):
        order = contenders if r % 2 == 0 else list(reversed(contenders))
        for mode in MODES:
            for c in order:
                times[mode][c.name].append(measure(c, mode, args))
        print(f"  round {r + 1}/{args.rounds} done ({time.perf_counter() - t0:.0f} s)", flush=True)
    print()

    floor_rss = floor.rss_kib() / 1024.0
    for c in contenders:
        c.close()

    med = {m: {n: statistics.median(v) for n, v in times[m].items()} for m in MODES}
    names = PY_CONTENDERS + [FLOOR]

    # Table 1: median per mode per contender, ratio vs floor.
    w = max(len(n) for n in names) + 2
    print("Median time per run (lower is better); x floor = median / Rust floor median")
    print(f"  {'contender':<{w}}| {'iterate 10k':>12} {'x floor':>8} {'min..max':>17} | "
          f"{'get x' + str(args.get_n):>12} {'x floor':>8} {'min..max':>17}")
    print("  " + "-" * (w + 84))
    for n in names:
        cells = []
        for m in MODES:
            v = times[m][n]
            cells.append(f"{fmt_s(med[m][n]):>12} {med[m][n] / med[m][FLOOR]:7.2f}x "
                         f"{min(v) * 1000:7.0f}..{max(v) * 1000:<7.0f}ms")
        print(f"  {n:<{w}}| {cells[0]} | {cells[1]}")
    print()
    per_call = med["get"]
    print("  per GET /deals/{id}: " + ", ".join(
        f"{n} {per_call[n] / args.get_n * 1e6:.0f} us" for n in names))
    print("  per deal (iterate):  " + ", ".join(
        f"{n} {med['iterate'][n] / args.deals * 1e6:.1f} us" for n in names))
    print()

    # Table 2: pipedrive_rs speed-up over each Python contender.
    print("pipedrive_rs speed-up over each Python contender (their median / pipedrive_rs median; >1 = pipedrive_rs faster)")
    print(f"  {'vs':<{w}}| {'iterate':>9} | {'get':>9}")
    print("  " + "-" * (w + 24))
    for n in PY_CONTENDERS[1:]:
        print(f"  {n:<{w}}| {med['iterate'][n] / med['iterate'][RS]:8.2f}x | "
              f"{med['get'][n] / med['get'][RS]:8.2f}x")
    print()

    # Table 3: peak RSS.
    # Measured first thing in main() would still inherit the parent's RSS through
    # ru_maxrss; VmHWM is the child's own peak and is what the target uses when present.
    print("Peak RSS after one iterate in a fresh interpreter (MiB)")
    print("  ru_maxrss includes the spawning parent's RSS (Linux keeps it across fork+exec);")
    print("  VmHWM is the child's own peak. Floor: VmHWM of its long-lived process.")
    raw = peak_rss(args.url, args.token, args.deals)
    print(f"  {'contender':<{w}}| {'VmHWM':>9} | {'ru_maxrss':>9}")
    print("  " + "-" * (w + 24))
    rss: Dict[str, float] = {}
    for n in PY_CONTENDERS:
        hwm = raw[n]["hwm_kib"]
        rss[n] = (hwm if hwm is not None else raw[n]["rss_kib"]) / 1024.0
        hwm_s = f"{hwm / 1024.0:9.1f}" if hwm is not None else f"{'n/a':>9}"
        print(f"  {n:<{w}}| {hwm_s} | {raw[n]['rss_kib'] / 1024.0:9.1f}")
    print(f"  {FLOOR:<{w}}| {floor_rss:9.1f} | {'-':>9}")
    print()

    # Targets.
    def verdict(ok: bool) -> str:
        return "PASS" if ok else "MISS"

    print("Targets")
    checks = []
    for m in MODES:
        slower = [n for n in PY_CONTENDERS[1:] if med[m][n] <= med[m][RS]]
        checks.append((f"{m}: pipedrive_rs faster than every Python contender",
                       not slower, "slower than/equal to: " + ", ".join(slower) if slower else
                       "min speed-up " + f"{min(med[m][n] / med[m][RS] for n in PY_CONTENDERS[1:]):.2f}x"))
    for m in MODES:
        ratio = med[m][RS] / med[m][FLOOR]
        checks.append((f"{m}: pipedrive_rs within {TARGETS[m]:.1f}x of the Rust floor",
                       ratio <= TARGETS[m], f"{ratio:.2f}x"))
    checks.append(("peak RSS: pipedrive_rs <= pipedrive-python-lib", rss[RS] <= rss[PYLIB],
                   f"{rss[RS]:.1f} MiB vs {rss[PYLIB]:.1f} MiB"))
    for label, ok, detail in checks:
        print(f"  [{verdict(ok)}] {label:<58} {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
