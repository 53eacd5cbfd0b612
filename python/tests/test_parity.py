"""The Python surface exposes every operation of the Rust client, under the same names."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path
from typing import Dict, List, Set, Tuple

import pipedrive_rs
from pipedrive_rs import _native, resources

REPO = Path(__file__).resolve().parents[2]


def python_surface(client: pipedrive_rs.Client) -> Set[Tuple[str, str]]:
    ops: Set[Tuple[str, str]] = set()
    for accessor, handle in vars(client).items():
        if isinstance(handle, resources._Resource):
            for name, member in inspect.getmembers(type(handle), inspect.isfunction):
                if not name.startswith("_"):
                    ops.add((accessor, name))
    return ops


def test_every_rust_operation_is_exposed() -> None:
    rust: List[Tuple[str, str, str, str]] = _native.operations()
    assert len(rust) == 165
    client = pipedrive_rs.Client("token", base_url="http://127.0.0.1:9/v1")
    surface = python_surface(client)
    missing = [op for op in rust if (op[0], op[1]) not in surface]
    assert not missing, f"operations missing from the Python surface: {missing}"
    extra = surface - {(a, m) for a, m, _, _ in rust}
    assert not extra, f"Python methods with no Rust operation: {sorted(extra)}"


def test_the_table_matches_the_rust_source() -> None:
    # operations.rs is what the native module was built from; a stale build would differ.
    source = (REPO / "crates" / "pipedrive" / "src" / "operations.rs").read_text()
    rows = re.findall(
        r'\(\s*"([^"]+)",\s*"([^"]+)",\s*"([^"]+)",\s*"([^"]+)",?\s*\)', source
    )
    assert [tuple(r) for r in rows] == _native.operations()


def test_twenty_resources_named_like_the_rust_accessors() -> None:
    client = pipedrive_rs.Client("token", base_url="http://127.0.0.1:9/v1")
    accessors = {a for a, _, _, _ in _native.operations()}
    assert len(accessors) == 20
    for a in accessors:
        assert isinstance(getattr(client, a), resources._Resource)
    for name in ("deals", "persons", "organizations", "activities", "products", "files",
                 "call_logs", "roles", "users"):
        assert name in accessors


def test_path_parameters_are_positional_and_the_rest_keyword_only() -> None:
    client = pipedrive_rs.Client("token", base_url="http://127.0.0.1:9/v1")
    cases: List[Dict[str, object]] = json.loads(
        (Path(__file__).parent / "endpoint_cases.json").read_text()
    )
    for case in cases:
        fn = getattr(getattr(client, str(case["resource"])), str(case["method"]))
        params = list(inspect.signature(fn).parameters.values())
        positional = [p for p in params if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
        n_path = len(case["args"])  # type: ignore[arg-type]
        extra_positional = 1 if case["response"]["kind"] == "download" else 0  # type: ignore[index]
        assert len(positional) == n_path + extra_positional, case["id"]
        for p in params:
            if p.kind is inspect.Parameter.KEYWORD_ONLY and p.name != "extra":
                assert p.name in case["kwargs"], (case["id"], p.name)  # type: ignore[operator]


def test_docstrings_come_from_the_operation_map() -> None:
    doc = pipedrive_rs.resources.Deals.list.__doc__ or ""
    assert doc.startswith("Lists deals page by page")
    assert "GET /v1/deals" in doc
