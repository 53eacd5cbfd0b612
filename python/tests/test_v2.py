"""API v2 from Python against the sandbox: a deal created, read, updated (a field
cleared with None, others left alone with UNSET) and deleted through ``client.v2``,
seen through v1 too, and a thousand deals walked by cursor."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

import pipedrive_rs
from pipedrive_rs.testing import sandbox
from conftest import CALLS_DEPRECATED_V1

pytestmark = CALLS_DEPRECATED_V1


def test_a_deal_through_v2_and_back_through_v1(sandbox_client: pipedrive_rs.Client) -> None:
    v2 = sandbox_client.v2
    deal = v2.deals.create(title="v2 licences", value=1500, currency="EUR", probability=40)
    assert isinstance(deal.id, int)
    assert deal.title == "v2 licences"
    assert isinstance(deal.add_time, datetime) and deal.add_time.tzinfo is not None
    assert repr(deal).startswith("v2::Deal(")

    again = v2.deals.get(deal.id)
    assert again.title == "v2 licences"
    assert again.probability == 40

    # PATCH: `probability=None` clears it, the title changes, the rest is left alone.
    updated = v2.deals.update(deal.id, title="renamed", probability=None)
    assert updated.title == "renamed"
    assert updated.probability is None
    assert updated.currency == "EUR"

    v1 = sandbox_client.deals.get(deal.id)
    assert v1.title == "renamed"
    assert v1.probability is None
    assert v1.value == Decimal("1500")

    # Nothing given: nothing sent but an empty PATCH, which changes nothing.
    same = v2.deals.update(deal.id)
    assert same.title == "renamed"

    gone = v2.deals.delete(deal.id)
    assert gone.id == deal.id
    # Deleted deals stay readable for a while, marked as such.
    assert sandbox_client.v2.deals.get(deal.id).is_deleted is True
    with pytest.raises(pipedrive_rs.NotFoundError):
        sandbox_client.v2.deals.get(10**9)


def test_unset_is_exported_and_falsy() -> None:
    assert repr(pipedrive_rs.UNSET) == "UNSET"
    assert not pipedrive_rs.UNSET


def test_none_is_not_a_clear_outside_patch(sandbox_client: pipedrive_rs.Client) -> None:
    # On a create, None means "not given", as everywhere else.
    deal = sandbox_client.v2.deals.create(title="no probability", probability=None)
    assert deal.probability is None
    sandbox_client.v2.deals.delete(deal.id)


def test_a_thousand_deals_by_cursor_none_twice() -> None:
    with sandbox(seed=3, deals=1000) as box:
        with box.client(max_retries=0) as client:
            pager = client.v2.deals.list(limit=100)
            ids = [deal.id for deal in pager]
            assert len(ids) == 1000
            assert len(set(ids)) == 1000
            pages = list(client.v2.deals.list(limit=250).pages())
            assert [len(p.items) for p in pages] == [250, 250, 250, 250]
            last = pages[-1].additional_data
            assert last is not None and last.next_cursor is None


def test_v2_answers_are_typed_by_the_rust_models(sandbox_client: pipedrive_rs.Client) -> None:
    person = sandbox_client.v2.persons.create(name="Ada", emails=[{"value": "ada@example.com", "primary": True}])
    assert repr(person).startswith("v2::Person(")
    assert person.emails is not None and person.emails[0]["value"] == "ada@example.com"
    sandbox_client.v2.persons.delete(person.id)
