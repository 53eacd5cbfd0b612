"""The installed wheel, used as a user would: run by scripts/py-wheel-smoke.sh from a temp
folder outside the checkout, in a fresh venv with no Rust toolchain on PATH.

    python smoke.py import CHECKOUT   the package and its native module come from the
                                      venv's site-packages, not from CHECKOUT
    python smoke.py sandbox           the in-process sandbox and a few v2 calls
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
    try:
        box_cm = sandbox(seed=7, deals=100, token=None)
    except TypeError as exc:
        raise SystemExit(
            "FAILED: this wheel has no in-process sandbox "
            f"(pipedrive_rs.testing.sandbox(seed=, deals=, token=)): {exc}"
        ) from exc
    with box_cm as box:
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
    print(f"ok: sandbox at {url}, {stats['requests_served']} requests served")


def main(argv: list[str]) -> None:
    if argv[:1] == ["import"] and len(argv) == 2:
        check_import(Path(argv[1]).resolve())
    elif argv == ["sandbox"]:
        check_sandbox()
    else:
        raise SystemExit(f"usage: {sys.argv[0]} import CHECKOUT | sandbox")


if __name__ == "__main__":
    main(sys.argv[1:])
