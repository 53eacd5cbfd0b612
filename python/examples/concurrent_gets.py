"""One client shared by a thread pool: the GIL is released during every request, so
the threads' requests run in parallel::

    python python/examples/concurrent_gets.py
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import List, Optional

import pipedrive_rs
from pipedrive_rs.testing import sandbox


def title_of(client: pipedrive_rs.Client, deal_id: int) -> Optional[str]:
    try:
        return client.v2.deals.get(deal_id).title
    except pipedrive_rs.NotFoundError:
        return None


def main() -> None:
    with sandbox(seed=7) as box, box.client() as client:
        with ThreadPoolExecutor(max_workers=8) as pool:
            titles: List[Optional[str]] = list(
                pool.map(lambda i: title_of(client, i), range(1, 51))
            )
    print(f"fetched {sum(t is not None for t in titles)} deals; first: {titles[0]!r}")


if __name__ == "__main__":
    main()
