"""Whole processes, started fresh each time: pipedrive_rs and the typed Rust client
against a raw Rust ``ureq`` + ``serde_json::Value`` program, plus ``import pipedrive_rs``.

``just py-bench`` runs this after ``bench_peers.py`` (it builds the release artefacts and
starts the sandbox with 10,000 deals). By hand, against a running sandbox::

    python benches/python/bench_procs.py --url http://127.0.0.1:P/v1 --token bench-token \
        --raw-bin target/release/examples/proc_raw \
        --typed-bin target/release/examples/proc_typed

Every figure is the wall time of one whole process as started from a shell: interpreter
or binary start, imports, connecting, the work, exit. Contenders of a mode run in turn,
A B C, C B A, ... (rounds interleaved, so drift hits all alike); the table gives each
one's median and its ratio against the raw program: the ratio of the medians and the
median of the per-round ratios.

Modes:

- ``iterate``: every deal, ``limit=100, status=all_not_deleted`` (100 pages), touching
  ``id`` and ``title`` (proc_iterate.py; ``proc_raw iterate``; ``proc_typed iterate``);
- ``get``: ``GET /deals/{id}`` for ids 1..1000, touching ``title`` (proc_get.py, ...);
- ``import``: ``python -c 'import pipedrive_rs'`` against ``python -c pass``; the import
  time is the difference of the medians. ``python -X importtime``'s figure for
  ``pipedrive_rs`` (cumulative, median) is printed beside it.

The sandbox caches GET answers: before each mode its cache is emptied and every
contender runs once untimed, so every timed run is served from the cache.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Dict, List, Sequence, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))

TARGETS = {"iterate": 1.2, "get": 2.0}
TYPED_TARGET = 1.05
IMPORT_TARGET_MS = 20.0


def reset_server_cache(url: str, token: str) -> None:
    """Any authorized write empties the sandbox's GET cache; a POST to an unknown route
    changes no data (404)."""
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


def run(cmd: Sequence[str], env: Dict[str, str], expect: str | None) -> float:
    """Wall seconds of one process; checks it succeeded and printed `expect`."""
    t = time.perf_counter()
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.decode()[-2000:]}")
    if expect is not None and p.stdout.decode().strip() != expect:
        raise RuntimeError(f"{' '.join(cmd)} printed {p.stdout.decode().strip()!r}, want {expect!r}")
    return elapsed


def rounds(
    contenders: List[Tuple[str, List[str], str | None]], env: Dict[str, str], n: int
) -> Dict[str, List[float]]:
    times: Dict[str, List[float]] = {name: [] for name, _, _ in contenders}
    for r in range(n):
        order = contenders if r % 2 == 0 else contenders[::-1]
        for name, cmd, expect in order:
            times[name].append(run(cmd, env, expect))
    return times


def import_time_ms(python: str, env: Dict[str, str]) -> float:
    """Cumulative microseconds of `pipedrive_rs` in `-X importtime`, as ms."""
    p = subprocess.run([python, "-X", "importtime", "-c", "import pipedrive_rs"], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    for line in p.stderr.decode().splitlines():
        parts = [s.strip() for s in line.split("|")]
        if len(parts) == 3 and parts[2] == "pipedrive_rs":
            return int(parts[1]) / 1000.0
    raise RuntimeError("no pipedrive_rs line in -X importtime output")


def ms(s: float) -> str:
    return f"{s * 1000:8.1f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url", required=True, help="sandbox base URL, e.g. http://127.0.0.1:P/v1")
    ap.add_argument("--token", required=True)
    ap.add_argument("--python", default=sys.executable, help="interpreter with pipedrive_rs")
    ap.add_argument("--baseline-python", help="a second interpreter whose pipedrive_rs (say, "
                    "an earlier build) runs as one more contender, for before/after figures")
    ap.add_argument("--raw-bin", default="target/release/examples/proc_raw")
    ap.add_argument("--typed-bin", default="target/release/examples/proc_typed")
    ap.add_argument("--runs", type=int, default=9, help="timed runs per contender and mode")
    ap.add_argument("--import-runs", type=int, default=31)
    ap.add_argument("--get-n", type=int, default=1000)
    ap.add_argument("--deals", type=int, default=10000, help="deals the sandbox holds")
    ap.add_argument("--modes", default="iterate,get,import")
    args = ap.parse_args()

    env = dict(os.environ)
    env["PIPEDRIVE_SANDBOX_URL"] = args.url
    env["PIPEDRIVE_SANDBOX_TOKEN"] = args.token
    py = args.python
    modes = [m for m in args.modes.split(",") if m]

    print("Whole processes, fresh each run: pipedrive_rs and the typed Rust client vs a raw")
    print("Rust ureq + serde_json::Value program (median wall time; lower is better)")
    print(f"  server   {args.url} ({args.deals} deals; every timed run served from cache)")
    print(f"  python   {py}")
    print(f"  runs     {args.runs} per contender and mode, interleaved; import: {args.import_runs}")
    print(f"  cores    {os.cpu_count()}")
    print()

    verdicts: List[Tuple[str, bool, str]] = []
    w = 24
    header = (f"  {'mode':<8} {'contender':<{w}} {'median':>11} {'min..max':>17}"
              f" {'x raw':>7} {'x raw (paired)':>15}")
    for mode in (m for m in modes if m in TARGETS):
        if mode == "iterate":
            expect = str(args.deals)
            contenders = [
                ("raw ureq+Value", [args.raw_bin, "iterate"], expect),
                ("typed Rust client", [args.typed_bin, "iterate"], expect),
                ("pipedrive_rs", [py, os.path.join(HERE, "proc_iterate.py")], expect),
            ]
        else:
            n = str(args.get_n)
            contenders = [
                ("raw ureq+Value", [args.raw_bin, "get", n], n),
                ("typed Rust client", [args.typed_bin, "get", n], n),
                ("pipedrive_rs", [py, os.path.join(HERE, "proc_get.py"), n], n),
            ]
        if args.baseline_python:
            script = contenders[-1][1][1:]
            contenders.append(("pipedrive_rs (baseline)", [args.baseline_python, *script],
                               contenders[-1][2]))
        reset_server_cache(args.url, args.token)
        rounds(contenders, env, 1)  # untimed: fills the cache, warms the page cache
        times = rounds(contenders, env, args.runs)
        raw = times["raw ureq+Value"]
        print(header)
        print("  " + "-" * (len(header) - 2))
        for name, _, _ in contenders:
            v = times[name]
            ratio = statistics.median(v) / statistics.median(raw)
            paired = statistics.median(a / b for a, b in zip(v, raw))
            print(f"  {mode:<8} {name:<{w}} {ms(statistics.median(v)):>11} "
                  f"{min(v) * 1000:7.0f}..{max(v) * 1000:<7.0f}ms {ratio:6.2f}x {paired:14.2f}x")
            if name == "pipedrive_rs":
                verdicts.append((f"{mode}: pipedrive_rs <= {TARGETS[mode]:.2f}x raw", paired <= TARGETS[mode],
                                 f"{paired:.2f}x paired, {ratio:.2f}x of medians"))
            elif name == "typed Rust client":
                verdicts.append((f"{mode}: typed Rust client <= {TYPED_TARGET:.2f}x raw",
                                 paired <= TYPED_TARGET, f"{paired:.2f}x paired, {ratio:.2f}x of medians"))
        print()

    if "import" in modes:
        contenders = [
            ("python -c pass", [py, "-c", "pass"], ""),
            ("import pipedrive_rs", [py, "-c", "import pipedrive_rs"], ""),
        ]
        if args.baseline_python:
            contenders.append(("import (baseline)", [args.baseline_python, "-c", "import pipedrive_rs"], ""))
        rounds(contenders, env, 2)
        times = rounds(contenders, env, args.import_runs)
        base = statistics.median(times["python -c pass"])
        full = statistics.median(times["import pipedrive_rs"])
        paired = statistics.median(a - b for a, b in zip(times["import pipedrive_rs"], times["python -c pass"]))
        importtime = statistics.median(import_time_ms(py, env) for _ in range(args.import_runs))
        for name, _, _ in contenders:
            v = times[name]
            print(f"  {'import':<8} {name:<{w}} {ms(statistics.median(v)):>11} "
                  f"{min(v) * 1000:7.1f}..{max(v) * 1000:<7.1f}ms")
        print(f"  import pipedrive_rs: {(full - base) * 1000:.1f} ms (difference of medians), "
              f"{paired * 1000:.1f} ms (median of paired differences), "
              f"-X importtime {importtime:.1f} ms")
        if args.baseline_python:
            b = statistics.median(times["import (baseline)"])
            print(f"  baseline import pipedrive_rs: {(b - base) * 1000:.1f} ms (difference of medians), "
                  f"-X importtime {statistics.median(import_time_ms(args.baseline_python, env) for _ in range(args.import_runs)):.1f} ms")
        print()
        verdicts.append((f"import pipedrive_rs <= {IMPORT_TARGET_MS:.0f} ms", (full - base) * 1000 <= IMPORT_TARGET_MS,
                         f"{(full - base) * 1000:.1f} ms whole process, {importtime:.1f} ms -X importtime"))

    print("Targets (whole processes)")
    for label, ok, detail in verdicts:
        print(f"  [{'PASS' if ok else 'MISS'}] {label:<40} {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
