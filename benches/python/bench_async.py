"""Concurrency of ``pipedrive_rs.AsyncClient``: N gets in flight at once on one event loop
against the time of one get, when the server takes ``--delay-ms`` to answer each.

    python benches/python/bench_async.py [--delay-ms 200] [--calls 50] [--rounds 5]

Runs its own in-process sandbox (``pipedrive_rs.testing``) with a fixed delay on every
answer, so the network time is known and the figure shows only how well the calls
overlap. Per round: one get alone (the baseline, measured in the same run), then
``--calls`` gets through ``asyncio.gather``, then the same gets one after another with the
sync client. Prints the medians and the ratios against the single get: ideal overlap is
``ceil(calls / max_concurrency)`` (2 with the default 32 threads and 50 calls);
sequential calls take ``calls`` times as long.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from typing import Callable, List

import pipedrive_rs
from pipedrive_rs.testing import sandbox


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--delay-ms", type=int, default=200)
    ap.add_argument("--calls", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    ids = [1 + i % 100 for i in range(args.calls)]
    one: List[float] = []
    together: List[float] = []
    in_order: List[float] = []
    with sandbox(seed=1) as box:
        box.delay(args.delay_ms / 1000)
        sync = box.client()

        async def gather_all() -> None:
            async with pipedrive_rs.AsyncClient(box.token, base_url=box.url) as client:
                await client.v2.deals.get(1)  # connect once, as `sync` already has
                start = time.perf_counter()
                await asyncio.gather(*(client.v2.deals.get(i) for i in ids))
                together.append(time.perf_counter() - start)

        sync.v2.deals.get(1)
        for _ in range(args.rounds):
            one.append(timed(lambda: sync.v2.deals.get(1)))
            asyncio.run(gather_all())
            in_order.append(timed(lambda: [sync.v2.deals.get(i) for i in ids]))
    base = statistics.median(one)
    print(f"server delay {args.delay_ms} ms, {args.calls} gets, {args.rounds} rounds (medians)")
    for name, runs in (
        ("one get (baseline)", one),
        (f"{args.calls} gets, AsyncClient + gather", together),
        (f"{args.calls} gets, sync, one after another", in_order),
    ):
        m = statistics.median(runs)
        print(f"  {name:<42} {m * 1000:9.1f} ms  {m / base:6.2f}x the baseline")


if __name__ == "__main__":
    main()
