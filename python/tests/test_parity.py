"""The Python surface exposes every operation of the Rust client, under the same names."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any, Dict, List, Set, Tuple

import pipedrive_rs
from conftest import CALLS_DEPRECATED_V1, resource_of
from pipedrive_rs import _native, resources

pytestmark = CALLS_DEPRECATED_V1

REPO = Path(__file__).resolve().parents[2]


def handles(client: pipedrive_rs.Client) -> Dict[str, resources._Resource]:
    """Every resource object of a client by its table name: `deals`, `v2.deals`."""
    found: Dict[str, resources._Resource] = {}
    for prefix, holder in (("", client), ("v2.", client.v2)):
        for accessor, handle in vars(holder).items():
            if isinstance(handle, resources._Resource):
                found[prefix + accessor] = handle
    return found


def python_surface(client: pipedrive_rs.Client) -> Set[Tuple[str, str]]:
    ops: Set[Tuple[str, str]] = set()
    for accessor, handle in handles(client).items():
        for name, member in inspect.getmembers(type(handle), inspect.isfunction):
            if not name.startswith("_"):
                ops.add((accessor, name))
    return ops


def table() -> List[Dict[str, Any]]:
    """The Rust operation table, as the native module was built with it."""
    ops: List[Dict[str, Any]] = _native.operations()
    assert ops, "the operation table is empty"
    return ops


def test_every_rust_operation_is_exposed() -> None:
    rust = table()
    client = pipedrive_rs.Client("token", base_url="http://127.0.0.1:9/v1")
    surface = python_surface(client)
    missing = [op["id"] for op in rust if (op["resource"], op["name"]) not in surface]
    assert not missing, f"operations missing from the Python surface: {missing}"
    extra = surface - {(op["resource"], op["name"]) for op in rust}
    assert not extra, f"Python methods with no Rust operation: {sorted(extra)}"


class _Recorder:
    """Stands in for the native client and records what a method hands it."""

    def __init__(self) -> None:
        self.calls: List[Tuple[str, str, Tuple[Any, ...]]] = []
        self.named: Any = None

    def call(self, op: str, args: Tuple[Any, ...], custom_fields: Any = None) -> None:
        self.calls.append(("call", op, args))
        self.named = custom_fields

    def download(self, op: str, args: Tuple[Any, ...], dest: Any) -> None:
        self.calls.append(("download", op, args))


def test_each_method_hands_its_own_operation_and_arguments_in_table_order() -> None:
    for op in table():
        client = pipedrive_rs.Client("t", base_url="http://127.0.0.1:9/v1")
        handle_class = type(resource_of(client, op["resource"]))
        recorder = _Recorder()
        method = getattr(handle_class(recorder), op["name"])
        params = [p for p in inspect.signature(method).parameters.values() if p.name != "dest"]
        # Fields by name (`custom_fields=`) are offered exactly where the Rust rule says a
        # body carries them. On v2 that keyword stands for the body's own `custom_fields`
        # object: its slot in the table's order goes as UNSET, the names go beside.
        by_name = op["custom_fields"] is not None
        named = [p for p in params if p.name == "custom_fields"]
        own = [a[0] for a in op["args"]]
        assert bool(named) == (by_name or "custom_fields" in own), op["id"]
        params = [p for p in params if p.name != "custom_fields" or not by_name]
        expected = [a for a in own if not (by_name and a == "custom_fields")]
        # Python names are the table's, with a trailing `_` where a name is a keyword.
        assert [p.name.rstrip("_") for p in params] == expected, op["id"]
        # Distinct markers per argument, so a swapped order would show.
        markers = {p.name: object() for p in params}
        positional = [markers[p.name] for p in params if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
        keywords = {p.name: markers[p.name] for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY}
        names = object()
        if by_name:
            keywords["custom_fields"] = names
        if op["response"] == "download":
            method(*positional, "out.bin", **keywords)
        else:
            file_args = [a[0] for a in op["args"] if a[3] == "file"]
            for name in file_args:
                keywords[name] = b"content"
            method(*positional, **keywords)
        verb, op_id, args = recorder.calls[-1]
        assert verb == ("download" if op["response"] == "download" else "call"), op["id"]
        assert op_id == op["id"]
        assert len(args) == len(op["args"]), op["id"]
        if by_name:
            assert recorder.named is names, op["id"]
        by_arg = {p.name.rstrip("_"): p for p in params}
        for value, spec in zip(args, op["args"]):
            if by_name and spec[0] == "custom_fields":
                assert value is pipedrive_rs.UNSET, op["id"]
            elif spec[3] == "file":
                assert isinstance(value, tuple) and value[0] == "bytes", op["id"]
            else:
                assert value is markers[by_arg[spec[0]].name], (op["id"], spec[0])


def test_resources_named_like_the_rust_accessors() -> None:
    client = pipedrive_rs.Client("token", base_url="http://127.0.0.1:9/v1")
    accessors = {op["resource"] for op in table()}
    assert set(handles(client)) == accessors
    for name in ("deals", "persons", "organizations", "activities", "products", "files",
                 "call_logs", "roles", "users", "v2.deals", "v2.projects", "v2.tasks"):
        assert name in accessors


def test_path_parameters_are_positional_and_the_rest_keyword_only() -> None:
    client = pipedrive_rs.Client("token", base_url="http://127.0.0.1:9/v1")
    cases: List[Dict[str, object]] = json.loads(
        (Path(__file__).parent / "endpoint_cases.json").read_text()
    )
    for case in cases:
        fn = getattr(resource_of(client, str(case["resource"])), str(case["method"]))
        params = list(inspect.signature(fn).parameters.values())
        positional = [p for p in params if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
        n_path = len(case["args"])  # type: ignore[arg-type]
        extra_positional = 1 if case["response"]["kind"] == "download" else 0  # type: ignore[index]
        assert len(positional) == n_path + extra_positional, case["id"]
        for p in params:
            if p.kind is inspect.Parameter.KEYWORD_ONLY and p.name not in ("extra", "custom_fields"):
                assert p.name in case["kwargs"], (case["id"], p.name)  # type: ignore[operator]


def test_docstrings_come_from_the_operation_map() -> None:
    doc = pipedrive_rs.resources.Deals.list.__doc__ or ""
    assert doc.startswith("Lists deals page by page")
    assert "GET /v1/deals" in doc


def test_record_methods_are_the_shared_list() -> None:
    # The generated stubs leave fields with these names to `[]`; the class must have
    # exactly these public methods.
    public = {
        name
        for name in dir(_native.Record)
        if not name.startswith("_") and callable(getattr(_native.Record, name))
    }
    assert public == set(_native.RECORD_METHODS)
    record = _native._record_from_json('{"keys": 1, "title": "t"}')
    assert record["keys"] == 1
    assert callable(record.keys)
