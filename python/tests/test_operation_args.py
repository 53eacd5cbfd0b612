"""Arguments are checked in Rust, by the operation table, before any request: each kind
of bad argument is an InvalidInputError naming the parameter. The client points at a
port nothing listens on, so a request that did go out would be a TransportError."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Tuple

import pytest

import pipedrive_rs
from pipedrive_rs import _native
from pipedrive_rs.errors import InvalidInputError
from conftest import CALLS_DEPRECATED_V1

pytestmark = CALLS_DEPRECATED_V1

DEAD = "http://127.0.0.1:9/v1"


@pytest.fixture()
def client() -> pipedrive_rs.Client:
    return pipedrive_rs.Client("token", base_url=DEAD, max_retries=0)


# The stubs refuse most of these statically (the `type: ignore`s); at run time Rust does.
CASES: List[Tuple[str, Callable[[pipedrive_rs.Client], Any], str, str]] = [
    ("wrong type", lambda c: c.deals.list(limit="10"), "limit", "must be an int"),  # type: ignore[arg-type]
    ("float for an int", lambda c: c.deals.list(start=1.5), "start", "must be an int"),  # type: ignore[arg-type]
    ("negative id", lambda c: c.deals.get(-1), "id", "must be an id from 0 to 2**64-1"),
    ("oversized id", lambda c: c.deals.get(10**30), "id", "does not fit in 64 bits"),
    ("bool id", lambda c: c.deals.get(True), "id", "must be an int id"),
    ("unknown enum", lambda c: c.deals.list(status="opened"), "status", "must be one of open"),
    ("None required", lambda c: c.deals.create(title=None), "title", "is required"),  # type: ignore[arg-type]
    ("text for a bool", lambda c: c.deals.list(owned_by_you="yes"), "owned_by_you", "must be a bool"),  # type: ignore[arg-type]
    ("list item", lambda c: c.deals.delete_many(ids=[1, "x"]), "ids", "item 1 must be an int id"),  # type: ignore[list-item]
    ("visibility", lambda c: c.deals.create(title="t", visible_to=4), "visible_to", "must be one of 1, 3, 5, 7"),
    ("extra not a dict", lambda c: c.deals.create(title="t", extra=[1]), "extra", "must be a dict"),  # type: ignore[arg-type]
    ("NaN", lambda c: c.products.create(name="p", tax=float("nan")), "tax", "cannot be sent as JSON"),
]


@pytest.mark.parametrize("what,call,param,text", CASES, ids=[c[0] for c in CASES])
def test_bad_arguments_are_refused_by_name(
    client: pipedrive_rs.Client,
    what: str,
    call: Callable[[pipedrive_rs.Client], Any],
    param: str,
    text: str,
) -> None:
    with pytest.raises(InvalidInputError) as e:
        call(client)
    message = str(e.value)
    assert message.startswith(f"invalid input: `{param}` "), message
    assert text in message, message
    assert isinstance(e.value, ValueError)


def test_a_valid_call_does_reach_the_network(client: pipedrive_rs.Client) -> None:
    # The control: the same client, valid arguments, fails on the dead port instead.
    with pytest.raises(pipedrive_rs.TransportError):
        client.deals.get(5)


def test_enum_members_and_extra_nulls_are_accepted(client: pipedrive_rs.Client) -> None:
    from pipedrive_rs.models import DealStatusFilter

    with pytest.raises(pipedrive_rs.TransportError):
        client.deals.list(status=DealStatusFilter.OPEN).to_list()
    with pytest.raises(pipedrive_rs.TransportError):
        client.deals.update(5, extra={"label": None})


def test_the_table_describes_every_argument() -> None:
    kinds: Dict[str, int] = {}
    for op in _native.operations():
        assert op["id"] == f"{op['resource']}.{op['name']}"
        for name, location, required, kind in op["args"]:
            assert location in ("path", "query", "body"), (op["id"], name)
            assert isinstance(required, bool)
            kinds[kind.split(":")[0]] = kinds.get(kind.split(":")[0], 0) + 1
    for kind in ("id", "textid", "ids", "integer", "number", "bool", "text", "enum", "file", "extra"):
        assert kinds.get(kind), f"no argument of kind {kind}"
