"""Issue 12 regressions at the Python surface: floats read exactly (item 3), pagination
with a lenient `more_items_in_collection` (item 11), and `Page.additional_data` exactly as
received (item 13)."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import pipedrive_rs
from conftest import CALLS_DEPRECATED_V1, MockServer, Recorded, Reply

pytestmark = CALLS_DEPRECATED_V1

CUSTOM = "5d34ef6a2e7f1a3a83b7c2f7c8e8b1c2a3b4c5d6"


def decimals(count: int, seed: int) -> List[str]:
    """Decimal texts with 15 to 17 significant digits (the range where a parser that is
    not exact goes one ulp off), money-like magnitudes."""
    rng = random.Random(seed)
    out = ["944991.8076992263", "1500.1000000000001", "0.30000000000000004"]
    while len(out) < count:
        digits = rng.randint(15, 17)
        mantissa = str(rng.randint(10 ** (digits - 1), 10**digits - 1))
        point = rng.randint(1, digits - 1)
        out.append(f"{mantissa[:point]}.{mantissa[point:]}")
    return out


def test_floats_read_as_python_would(client: pipedrive_rs.Client, mock: MockServer) -> None:
    texts = decimals(400, seed=12)
    # Raw JSON text, so the numbers are exactly these digits on the wire.
    items = ",".join(
        f'{{"id":{i},"value":{t},"{CUSTOM}":{{"amount":{t},"list":[{t}]}}}}'
        for i, t in enumerate(texts, 1)
    )
    mock.reply(Reply(body=f'{{"success":true,"data":[{items}]}}'))
    deals = list(client.deals.list())
    assert len(deals) == len(texts)
    wrong: List[Any] = []
    for deal, text in zip(deals, texts):
        expected = float(text)
        # A money field reads as a Decimal with the server's digits; the raw forms
        # (to_dict, custom fields) are plain JSON numbers, read as Python would.
        if deal.value != Decimal(text) or deal["value"] != Decimal(text):
            wrong.append((text, (deal.value, deal["value"])))
        got = (
            deal.to_dict()["value"],
            deal[CUSTOM]["amount"],
            deal[CUSTOM].to_dict()["list"][0],
            deal.to_dict()[CUSTOM]["amount"],
        )
        if any(g != expected for g in got):
            wrong.append((text, got))
    assert wrong == []


def test_float_in_a_single_record(client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(Reply(body='{"success":true,"data":{"id":1,"value":944991.8076992263}}'))
    deal = client.deals.get(1)
    assert deal.value == Decimal("944991.8076992263")
    assert repr(deal.to_dict()["value"]) == "944991.8076992263"


def pages_with(more: Any) -> Any:
    """Three pages of two deals each; `more_items_in_collection` written as `more`
    (in the form under test) on the first two, `false` on the last."""

    def respond(rec: Recorded) -> Reply:
        start = int(dict(rec.query).get("start", "0"))
        last = start >= 4
        pagination = {
            "start": start,
            "limit": 2,
            "more_items_in_collection": False if last else more,
            "next_start": None if last else start + 2,
        }
        items = [{"id": start + 1}, {"id": start + 2}]
        return Reply(body={"success": True, "data": items, "additional_data": {"pagination": pagination}})

    return respond


@pytest.mark.parametrize("more", [1, "1", "true", True])
def test_pager_follows_lenient_more_items(
    client: pipedrive_rs.Client, mock: MockServer, more: Any
) -> None:
    mock.reply(pages_with(more))
    assert [d.id for d in client.deals.list(limit=2)] == [1, 2, 3, 4, 5, 6]
    assert [dict(r.query).get("start") for r in mock.requests] == [None, "2", "4"]


@pytest.mark.parametrize("start", [2, "2"])
def test_pager_follows_next_start_as_text(
    client: pipedrive_rs.Client, mock: MockServer, start: Any
) -> None:
    def respond(rec: Recorded) -> Reply:
        first = dict(rec.query).get("start") is None
        pagination: Dict[str, Any] = {"more_items_in_collection": "1" if first else "0"}
        if first:
            pagination["next_start"] = start
        return Reply(body={"success": True, "data": [{"id": 1}], "additional_data": {"pagination": pagination}})

    mock.reply(respond)
    assert len(list(client.deals.list())) == 2
    assert [dict(r.query).get("start") for r in mock.requests] == [None, "2"]


def test_page_additional_data_is_as_received(client: pipedrive_rs.Client, mock: MockServer) -> None:
    received = (
        '{"pagination":{"next_start":null,"start":0,"more_items_in_collection":0,"limit":"2"},'
        '"zeta":1,"total":1500.1000000000001,"alpha":null}'
    )
    mock.reply(
        Reply(body='{"success":true,"data":[{"id":1}],"additional_data":' + received + "}")
    )
    page = next(client.deals.list().pages())
    assert page.additional_data is not None
    got = page.additional_data.to_dict()
    expected = json.loads(received)
    assert got == expected
    # Same keys in the same order, nulls included, at both levels.
    assert list(got) == list(expected)
    assert list(got["pagination"].items()) == list(expected["pagination"].items())
    pagination = page.additional_data.pagination
    assert pagination is not None and pagination.next_start is None
