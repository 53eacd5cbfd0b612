"""Money and dates as a user writes them: ``Decimal`` (or int, float, decimal text) in,
``Decimal`` out with the server's digits; ``date``, ``time`` and ``datetime`` in and out,
with Pipedrive's rules (date-only fields, UTC times of day and timestamps) applied in Rust."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, List, Tuple

import pytest

import pipedrive_rs
from conftest import CALLS_DEPRECATED_V1, MockServer, Reply, envelope

pytestmark = CALLS_DEPRECATED_V1

if TYPE_CHECKING:
    from pipedrive_rs._support import Money

PARIS = timezone(timedelta(hours=2))


def test_a_decimal_goes_in_and_a_decimal_comes_back(sandbox_client: pipedrive_rs.Client) -> None:
    deal = sandbox_client.deals.create(title="Licences", value=Decimal("1234.50"), currency="EUR")
    assert isinstance(deal.value, Decimal)
    assert deal.value == Decimal("1234.50")
    fetched = sandbox_client.deals.get(deal.id)
    # The sandbox, like Pipedrive, keeps the number, not its trailing zero.
    assert fetched.value == Decimal("1234.5")
    assert str(fetched.value) == "1234.5"


def test_a_product_line_takes_price_and_quantity(sandbox_client: pipedrive_rs.Client) -> None:
    product = sandbox_client.products.create(name="Seat")
    deal = sandbox_client.deals.create(title="Seats")
    line = sandbox_client.deals.add_product(
        deal.id, product_id=product.id, item_price=Decimal("19.99"), quantity=3
    )
    assert line.item_price == Decimal("19.99")
    assert line.quantity == Decimal(3)
    assert line.sum == Decimal("59.97")
    assert sandbox_client.deals.get(deal.id).value == Decimal("59.97")


def test_a_lead_value_and_product_prices_take_decimals_with_a_currency(
    sandbox_client: pipedrive_rs.Client,
) -> None:
    product = sandbox_client.products.create(
        name="Seat",
        prices=[
            {"currency": "EUR", "price": Decimal("120.50"), "cost": 80},
            {"currency": "USD", "price": "130", "notes": "list price"},
        ],
    )
    assert product.prices is not None
    eur = next(p for p in product.prices if p.currency == "EUR")
    assert eur.price == Decimal("120.5") and isinstance(eur.price, Decimal)
    assert eur.cost == Decimal(80)
    assert [p.notes for p in product.prices if p.currency == "USD"] == ["list price"]

    org = sandbox_client.organizations.create(name="Pine Foods")
    lead = sandbox_client.leads.create(
        title="Seats for the Tallinn office",
        organization_id=org.id,
        value={"amount": Decimal("2500.75"), "currency": "EUR"},
    )
    assert lead.value is not None
    assert lead.value.amount == Decimal("2500.75")
    assert lead.value.currency == "EUR"


def test_money_with_a_currency_goes_out_with_exactly_its_digits(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(Reply(body=envelope({"id": "b1c2d3e4-0000-4000-8000-000000000001"})))
    client.leads.create(
        title="Big one", value={"amount": Decimal("12345678901234567.80"), "currency": "EUR"}
    )
    assert b'"value":{"amount":12345678901234567.80,"currency":"EUR"}' in mock.last.body
    mock.reply(Reply(body=envelope({"id": 1})))
    client.products.create(
        name="Seat", prices=[{"currency": "EUR", "price": Decimal("19.90"), "overhead_cost": 0.1}]
    )
    assert b'"prices":[{"currency":"EUR","price":19.90,"overhead_cost":0.1}]' in mock.last.body


def test_money_with_a_currency_is_checked_before_any_request(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    bad_values = [
        2500,
        {"amount": 2500},
        {"amount": "lots", "currency": "EUR"},
        {"amount": 1, "currency": "EUR", "note": "x"},
    ]
    for bad in bad_values:
        with pytest.raises(pipedrive_rs.InvalidInputError, match="value"):
            client.leads.create(title="Lead", value=bad)  # type: ignore[arg-type]
    with pytest.raises(pipedrive_rs.InvalidInputError, match="prices.*`price` is missing"):
        client.products.create(name="Seat", prices=[{"currency": "EUR"}])  # type: ignore[typeddict-item]
    assert mock.requests == []


def test_money_parameters_are_sent_with_exactly_their_digits(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(Reply(body=envelope({"id": 1})))
    # A deal's value is a string in the API contract: the digits go out as text.
    cases: List[Tuple[Money, bytes]] = [
        (1200, b'"value":"1200"'),
        (0.1, b'"value":"0.1"'),
        ("1234.50", b'"value":"1234.50"'),
        (Decimal("1234.50"), b'"value":"1234.50"'),
        (Decimal("12345678901234567.89"), b'"value":"12345678901234567.89"'),
    ]
    for given, sent in cases:
        client.deals.create(title="Deal", value=given)
        assert sent in mock.last.body, (given, mock.last.body)


def test_a_value_that_is_not_an_amount_is_refused_before_any_request(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    for bad in ["12,50", "NaN", True, float("nan"), Decimal("NaN")]:
        with pytest.raises(pipedrive_rs.InvalidInputError, match="value"):
            client.deals.create(title="Deal", value=bad)  # type: ignore[arg-type]
    assert mock.requests == []


def test_the_servers_digits_dates_and_times_are_read_typed(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(
        Reply(
            body='{"success":true,"data":{"id":1,"value":12345678901234567.89,'
            '"weighted_value":"1234.50","add_time":"2026-05-01 07:00:00",'
            '"expected_close_date":"2026-06-30","close_time":"","next_activity_time":"09:15:00"}}'
        )
    )
    deal = client.deals.get(1)
    assert str(deal.value) == "12345678901234567.89"
    assert str(deal.weighted_value) == "1234.50"
    assert deal["value"] == Decimal("12345678901234567.89")
    assert deal.add_time == datetime(2026, 5, 1, 7, 0, tzinfo=timezone.utc)
    assert deal.expected_close_date == date(2026, 6, 30)
    assert deal.next_activity_time == time(9, 15, tzinfo=timezone.utc)
    # A value that does not parse reads as received; to_dict() is always as received.
    assert deal.close_time == ""
    assert deal.to_dict()["add_time"] == "2026-05-01 07:00:00"


def test_an_activity_takes_a_date_and_a_time_of_day_in_utc(
    sandbox_client: pipedrive_rs.Client,
) -> None:
    activity = sandbox_client.activities.create(
        subject="Kick-off", due_date=date(2026, 12, 1), due_time=time(16, 30, tzinfo=PARIS)
    )
    assert activity.due_date == date(2026, 12, 1)
    assert activity.due_time == time(14, 30, tzinfo=timezone.utc)
    assert isinstance(activity.add_time, datetime)
    assert activity.add_time.tzinfo == timezone.utc
    # A naive time of day is taken as UTC, as Pipedrive defines due_time.
    later = sandbox_client.activities.update(activity.id, due_time=time(18, 0))
    assert later.due_time == time(18, 0, tzinfo=timezone.utc)


def test_an_aware_datetime_is_sent_in_utc(sandbox_client: pipedrive_rs.Client) -> None:
    deal = sandbox_client.deals.create(
        title="Backdated",
        add_time=datetime(2026, 5, 1, 9, 0, tzinfo=PARIS),
        expected_close_date=date(2026, 6, 30),
    )
    assert deal.add_time == datetime(2026, 5, 1, 7, 0, tzinfo=timezone.utc)
    assert deal.expected_close_date == date(2026, 6, 30)
    # Text in Pipedrive's own format is still accepted.
    text = sandbox_client.deals.create(
        title="Text", add_time="2026-05-01 07:00:00", expected_close_date="2026-06-30"
    )
    assert text.add_time == deal.add_time


def test_a_naive_datetime_or_the_wrong_kind_is_refused(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    with pytest.raises(pipedrive_rs.InvalidInputError, match="without a UTC offset"):
        client.deals.create(title="Deal", add_time=datetime(2026, 5, 1, 9, 0))
    with pytest.raises(pipedrive_rs.InvalidInputError, match=r"due_date.*must be a date"):
        client.activities.create(subject="Call", due_date=datetime(2026, 5, 1, tzinfo=timezone.utc))
    with pytest.raises(pipedrive_rs.InvalidInputError, match="due_date"):
        client.activities.create(subject="Call", due_date="01/05/2026")
    assert mock.requests == []


def test_amounts_per_currency_read_as_a_dict_of_decimals(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(
        Reply(
            body='{"success":true,"data":[{"period_start":"2026-01-01","period_end":"2026-01-31",'
            '"deals":[],"totals":{"count":1,'
            '"values":{"EUR":1234.50,"USD":12345678901234567.89},"won_values":{"EUR":0}}}]}'
        )
    )
    periods = list(
        client.deals.timeline(
            start_date=date(2026, 1, 1), interval="month", amount=1, field_key="add_time"
        )
    )
    totals = periods[0].totals
    assert totals is not None
    assert totals.values == {"EUR": Decimal("1234.50"), "USD": Decimal("12345678901234567.89")}
    assert all(isinstance(v, Decimal) for v in (totals.values or {}).values())
    assert totals.won_values == {"EUR": Decimal(0)}
    # A map whose values are not all amounts reads as sent.
    mock.reply(
        Reply(
            body='{"success":true,"data":[{"totals":{"values":{"EUR":"n/a"}}}]}'
        )
    )
    odd = list(
        client.deals.timeline(
            start_date=date(2026, 1, 1), interval="month", amount=1, field_key="add_time"
        )
    )
    assert odd[0].totals is not None and odd[0].totals["values"]["EUR"] == "n/a"
