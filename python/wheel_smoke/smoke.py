"""The installed wheel, used as a user would: run by scripts/py-wheel-smoke.sh from a temp
folder outside the checkout, in a fresh venv with no Rust toolchain on PATH.

    python smoke.py import CHECKOUT   the package and its native module come from the
                                      venv's site-packages, not from CHECKOUT
    python smoke.py sandbox           the in-process sandbox and a few v2 calls, sync
                                      and through the asyncio client
"""

from __future__ import annotations

import sys
import sysconfig
import warnings
from pathlib import Path


def check_import(checkout: Path) -> None:
    import pipedrive_rs
    import pipedrive_rs._native as native

    site = Path(sysconfig.get_paths()["platlib"]).resolve()
    pkg = Path(pipedrive_rs.__file__).resolve()
    so = Path(native.__file__ or "").resolve()
    for path in (pkg, so):
        assert site in path.parents, f"{path} is not under the venv's site-packages {site}"
        assert checkout not in path.parents, f"{path} comes from the checkout {checkout}"
    assert Path(sys.prefix).resolve() in site.parents, (sys.prefix, site)
    # One abi3 module serves every CPython from 3.9 on.
    assert so.name == "_native.abi3.so", so.name
    # Stubs and the PEP 561 marker ship with it, so type checkers see the API.
    for name in ("py.typed", "_native.pyi", "v2.pyi", "models.pyi", "resources.pyi"):
        assert (pkg.parent / name).is_file(), f"{name} is missing from the wheel"
    client = pipedrive_rs.Client("smoke-token", base_url="http://127.0.0.1:9/v1")
    assert client is not None
    print(f"ok: pipedrive_rs from {pkg.parent}, native module {so.name}")


def check_sandbox() -> None:
    import pipedrive_rs
    from pipedrive_rs.testing import sandbox

    # The wheel's v2 calls do not warn: a DeprecationWarning here means a v1 path crept in.
    warnings.simplefilter("error", DeprecationWarning)
    with sandbox(seed=7, deals=100, token=None) as box:
        url = box.url
        assert url.startswith("http://"), url
        client = box.client()
        assert isinstance(client, pipedrive_rs.Client), type(client)
        deals = client.v2.deals.list().to_list()
        assert len(deals) == 100, len(deals)
        assert sum(1 for _ in client.v2.deals.list()) == 100
        created = client.v2.deals.create(title="Wheel smoke")
        assert created.title == "Wheel smoke"
        assert client.v2.deals.get(created.id).title == "Wheel smoke"
        served = box.stats()["requests_served"]
        # Two 503s in a row: the client's retries absorb them and the call succeeds.
        box.fail_next(2, status=503)
        assert client.v2.deals.get(created.id).title == "Wheel smoke"
        stats = box.stats()
        assert stats["requests_served"] > served, (served, stats)
        assert isinstance(stats["counts"], dict), stats
        box.reset()
        assert len(client.v2.deals.list().to_list()) == 100
        check_async(box.url, box.token)
    print(f"ok: sandbox at {url}, {stats['requests_served']} requests served")


def check_async(url: str, token: str) -> None:
    import asyncio

    import pipedrive_rs

    async def run() -> int:
        async with pipedrive_rs.AsyncClient(token, base_url=url) as client:
            deals = await asyncio.gather(*(client.v2.deals.get(i) for i in range(1, 11)))
            assert [d.id for d in deals] == list(range(1, 11))
            return len([d async for d in client.v2.deals.list(limit=30)])

    assert asyncio.run(run()) == 100
    print("ok: AsyncClient, 10 gets at once and an async pager")


def main(argv: list[str]) -> None:
    if argv[:1] == ["import"] and len(argv) == 2:
        check_import(Path(argv[1]).resolve())
    elif argv == ["sandbox"]:
        check_sandbox()
    else:
        raise SystemExit(f"usage: {sys.argv[0]} import CHECKOUT | sandbox")


if __name__ == "__main__":
    main(sys.argv[1:])
