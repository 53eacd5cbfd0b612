"""Custom fields by name: write on create/update, read typed values that print without
JSON quotes, clear, refresh the registry after adding a field."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Iterator

import pytest

import pipedrive_rs
from conftest import CALLS_DEPRECATED_V1, MockServer, Reply, envelope
from pipedrive_rs.testing import Sandbox

pytestmark = CALLS_DEPRECATED_V1


@pytest.fixture(scope="module")
def client() -> Iterator[pipedrive_rs.Client]:
    # An account of its own: the fields added here must not leak into other tests.
    with Sandbox(seed=3) as box:
        with pipedrive_rs.Client("custom-fields-token", base_url=box.url) as c:
            c.deal_fields.create(
                name="Region",
                field_type="enum",
                options=[{"label": "EMEA"}, {"label": "APAC"}, {"label": "Americas"}],
            )
            c.deal_fields.create(name="Budget", field_type="monetary")
            c.deal_fields.create(
                name="Tags", field_type="set", options=["Hot", "Big"]
            )
            c.deal_fields.create(name="Score", field_type="double")
            c.deal_fields.create(name="Kickoff", field_type="date")
            c.deal_fields.create(name="Trip", field_type="daterange")
            c.custom_fields.refresh()
            yield c


def test_write_read_and_clear_by_name(client: pipedrive_rs.Client) -> None:
    deal = client.deals.create(
        title="Regional deal",
        custom_fields={
            "Region": "APAC",
            "Budget": {"amount": 2500, "currency": "EUR"},
            "tags": ["Hot", "Big"],
        },
    )
    region = deal.custom_field("Region")
    assert region is not None
    assert str(region) == "APAC"
    assert region.kind == "option"
    assert region.labels == ["APAC"]
    budget = deal.custom_field("Budget")
    assert budget is not None and budget.amount == 2500 and budget.currency == "EUR"
    assert str(budget) == "2500 EUR"
    tags = client.custom_fields.get(deal, "Tags")
    assert tags is not None and str(tags) == "Hot, Big" and len(tags.ids) == 2

    updated = client.deals.update(deal.id, custom_fields={"Region": "emea"})
    assert str(updated.custom_field("Region")) == "EMEA"
    # A record read later (from a list) knows its client too.
    again = next(d for d in client.deals.list() if d.id == deal.id)
    assert str(again.custom_field("region")) == "EMEA"

    cleared = client.deals.update(deal.id, custom_fields={"Region": None})
    assert cleared.custom_field("Region") is None
    assert cleared.custom_field("Budget") is not None


def test_unknown_names_and_labels_raise_invalid_input(client: pipedrive_rs.Client) -> None:
    deal = client.deals.create(title="Typo")
    with pytest.raises(pipedrive_rs.InvalidInputError, match="Regoin.*Region"):
        deal.custom_field("Regoin")
    with pytest.raises(pipedrive_rs.InvalidInputError, match="EMEA, APAC, Americas"):
        client.deals.update(deal.id, custom_fields={"Region": "Mars"})
    with pytest.raises(ValueError, match="built-in"):
        deal.custom_field("Title")


def test_export_prints_values_without_quotes(client: pipedrive_rs.Client) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "title", "Lead source", "Contract months"])
    for deal in client.deals.list(limit=5).to_list()[:5]:
        source = deal.custom_field("Lead source")
        months = deal.custom_field("Contract months")
        writer.writerow([deal.id, deal.title, str(source or ""), str(months or "")])
    text = out.getvalue()
    assert '"' not in text, text
    assert len(text.splitlines()) == 6
    first = client.deals.list(limit=1).to_list()[0]
    assert list(client.custom_fields.values(first))[:2] == ["Lead source", "Contract months"]


def test_set_by_key_through_extra(client: pipedrive_rs.Client) -> None:
    key = client.custom_fields.key("deal", "Region")
    assert len(key) == 40
    extra = client.custom_fields.extra("deal", {"Region": "Americas"})
    assert list(extra) == [key]
    deal = client.deals.create(title="By key", extra=extra)
    assert str(deal.custom_field("Region")) == "Americas"
    assert deal[key] is not None


def test_refresh_sees_a_field_added_later(client: pipedrive_rs.Client) -> None:
    client.person_fields.create(name="Tier", field_type="varchar")
    person = client.persons.create(name="Ada")
    with pytest.raises(pipedrive_rs.InvalidInputError, match="Tier"):
        person.custom_field("Tier")
    client.custom_fields.refresh()
    person = client.persons.update(person.id, custom_fields={"Tier": "gold"})
    value = person.custom_field("Tier")
    assert value is not None and str(value) == "gold" and value.kind == "text"


def test_records_without_fields_and_without_a_client(client: pipedrive_rs.Client) -> None:
    stage = next(iter(client.stages.list()))
    with pytest.raises(pipedrive_rs.InvalidInputError, match="no custom fields"):
        stage.custom_field("Region")
    loose = pipedrive_rs._native._record_from_json('{"id": 1}', "Deal")
    with pytest.raises(pipedrive_rs.InvalidInputError, match="not returned by a client"):
        loose.custom_field("Region")


def test_amounts_are_decimal_and_dates_are_date(client: pipedrive_rs.Client) -> None:
    deal = client.deals.create(
        title="Typed values",
        custom_fields={
            "Budget": {"amount": Decimal("1234.25"), "currency": "EUR"},
            "Score": "7.5",
            "Kickoff": date(2026, 5, 1),
            "Trip": (date(2026, 6, 1), date(2026, 6, 7)),
        },
    )
    budget = deal.custom_field("Budget")
    assert budget is not None
    assert budget.amount == Decimal("1234.25") and isinstance(budget.amount, Decimal)
    assert str(budget) == "1234.25 EUR"
    score = deal.custom_field("Score")
    assert score is not None and score.amount == Decimal("7.5") and score.value == Decimal("7.5")
    kickoff = deal.custom_field("Kickoff")
    assert kickoff is not None and kickoff.value == date(2026, 5, 1)
    assert str(kickoff) == "2026-05-01"
    trip = deal.custom_field("Trip")
    assert trip is not None and (trip.value, trip.end) == (date(2026, 6, 1), date(2026, 6, 7))
    assert str(trip) == "2026-06-01 - 2026-06-07"

    # Every natural number type goes in; text that is no amount or date is refused.
    for given in (3, 3.0, "3", Decimal("3")):
        updated = client.deals.update(deal.id, custom_fields={"Score": given})
        value = updated.custom_field("Score")
        assert value is not None and value.amount == 3
    with pytest.raises(pipedrive_rs.InvalidInputError, match="Score"):
        client.deals.update(deal.id, custom_fields={"Score": "12,5"})
    with pytest.raises(pipedrive_rs.InvalidInputError, match="Kickoff"):
        client.deals.update(deal.id, custom_fields={"Kickoff": "next week"})


def test_field_options_are_labels_or_label_dicts_checked_before_any_request(
    mock: MockServer,
) -> None:
    with pipedrive_rs.Client("options-token", base_url=mock.url, max_retries=0) as c:
        for bad in [[{"label": "Hot", "color": "red"}], [{"id": 3}], [7]]:
            with pytest.raises(pipedrive_rs.InvalidInputError, match="options"):
                c.deal_fields.create(name="Heat", field_type="enum", options=bad)  # type: ignore[arg-type]
        assert mock.requests == []
        mock.reply(Reply(body=envelope({"id": 1})))
        c.deal_fields.update(1, options=["New", {"id": 4, "label": "Kept"}])
        assert b'"options":[{"label":"New"},{"id":4,"label":"Kept"}]' in mock.last.body


def test_v2_custom_fields_by_name(client: pipedrive_rs.Client) -> None:
    # v2 keeps custom fields in one `custom_fields` object: by name they read and write
    # as on v1, and money goes as {value, currency}.
    deal = client.v2.deals.create(
        title="v2 regional deal",
        custom_fields={
            "Budget": {"amount": Decimal("1250.75"), "currency": "EUR"},
            "Region": "APAC",
            "Tags": ["Hot"],
        },
    )
    key = client.custom_fields.key("deal", "Budget")
    wire = deal.custom_fields[key]
    assert wire["currency"] == "EUR" and Decimal(str(wire["value"])) == Decimal("1250.75")
    assert f"{key}_currency" not in deal.custom_fields
    budget = deal.custom_field("Budget")
    assert budget is not None and budget.kind == "money"
    assert budget.amount == Decimal("1250.75") and budget.currency == "EUR"
    assert str(deal.custom_field("region")) == "APAC"
    assert set(client.custom_fields.values(deal)) == {"Region", "Budget", "Tags"}

    # The same deal through v1 shows the same values.
    v1 = client.deals.get(deal.id)
    assert str(v1.custom_field("Budget")) == "1250.75 EUR"

    # PATCH by name: None clears one field, the rest of the object is left alone.
    updated = client.v2.deals.update(
        deal.id, custom_fields={"Region": None, "Budget": {"amount": 99, "currency": "USD"}}
    )
    assert updated.custom_field("Region") is None
    assert str(updated.custom_field("Budget")) == "99 USD"
    assert str(updated.custom_field("Tags")) == "Hot"
    assert updated.title == "v2 regional deal"

    with pytest.raises(pipedrive_rs.InvalidInputError, match="EMEA, APAC, Americas"):
        client.v2.deals.update(deal.id, custom_fields={"Region": "Mars"})


def test_project_fields_are_not_extra_entries(client: pipedrive_rs.Client) -> None:
    with pytest.raises(pipedrive_rs.InvalidInputError, match="custom_fields="):
        client.custom_fields.extra("project", {"Budget": 5})
