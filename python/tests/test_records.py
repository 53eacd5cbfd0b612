"""Results: attribute access, lossless to_dict(), custom fields, repr, enums and
argument rendering."""

from __future__ import annotations

import pickle
from typing import Any, List

import pytest

import pipedrive_rs
from pipedrive_rs import Record, models
from conftest import CALLS_DEPRECATED_V1, MockServer, Reply, envelope

pytestmark = CALLS_DEPRECATED_V1

CUSTOM = "dcf558aac1ae4e8c4f849ba5e668430d8df9be12"
DEAL = {
    "id": 42,
    "title": "Forty licences",
    "value": 4000,
    "currency": "EUR",
    "user_id": {"id": 7, "name": "Ann Owner", "email": "ann@example.com", "value": 7},
    "person_id": 3,
    "weighted_value": 3999.5,
    "active": True,
    "label": None,
    "email": [{"value": "x@example.com", "primary": True}],
    CUSTOM: {"nested": [1, 2.5, "three", None, False]},
    "undocumented_new_field": "kept",
}


@pytest.fixture
def deal(client: pipedrive_rs.Client, mock: MockServer) -> Any:
    mock.reply(Reply(body=envelope(DEAL)))
    return client.deals.get(42)


def test_results_are_records(deal: Any) -> None:
    assert isinstance(deal, Record)
    assert type(deal) is models.Deal  # model names are aliases of Record at run time


def test_attributes_and_keys(deal: Any) -> None:
    assert deal.id == 42 and deal.title == "Forty licences" and deal.value == 4000
    assert deal.weighted_value == 3999.5 and deal.active is True and deal.label is None
    assert deal.user_id.name == "Ann Owner"  # nested objects are Records too
    assert deal.email[0].value == "x@example.com"
    assert deal.undocumented_new_field == "kept"
    assert deal[CUSTOM].to_dict() == {"nested": [1, 2.5, "three", None, False]}
    assert deal.get("missing", "default") == "default"
    assert "title" in deal and "missing" not in deal and 5 not in deal
    assert list(deal) == list(DEAL) == deal.keys()
    assert len(deal) == len(DEAL)


def test_documented_fields_missing_from_the_response_read_as_none(deal: Any) -> None:
    assert "close_time" not in deal
    assert deal.close_time is None  # documented for Deal
    with pytest.raises(AttributeError):
        deal.not_a_documented_field
    with pytest.raises(KeyError):
        deal["close_time"]


def test_to_dict_is_lossless_and_ordered(deal: Any) -> None:
    d = deal.to_dict()
    assert d == DEAL
    assert list(d) == list(DEAL)
    import json

    assert json.loads(deal.to_json()) == DEAL


def test_repr_is_readable_and_short(deal: Any) -> None:
    text = repr(deal)
    assert text.startswith("Deal(id=42, title='Forty licences'")
    assert "more" in text and len(text) < 200


def test_equality_pickle_and_dir(deal: Any) -> None:
    again = pickle.loads(pickle.dumps(deal))
    assert again == deal and again.title == deal.title
    assert deal != {"id": 42}
    with pytest.raises(TypeError):
        hash(deal)
    names = dir(deal)
    assert "title" in names and "to_dict" in names and CUSTOM not in names


def test_list_results_and_vec(client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(Reply(body=envelope([{"id": 1, "name": "Ann"}, {"id": 2, "name": "Bob"}])))
    users = client.users.list()
    assert [u.name for u in users] == ["Ann", "Bob"]
    mock.reply(Reply(body=envelope([5, 6])))
    assert client.users.list_followers(1).to_list() == [5, 6]


def test_enums_accept_members_and_strings(client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(Reply(body=envelope([])))
    list(client.deals.list(status=models.DealStatusFilter.ALL_NOT_DELETED))
    assert ("status", "all_not_deleted") in mock.last.query
    list(client.deals.list(status="won"))
    assert ("status", "won") in mock.last.query
    assert models.DealStatusFilter("open") is models.DealStatusFilter.OPEN


def test_none_means_not_sent_and_extra_sends_custom_fields_and_nulls(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(Reply(body=envelope(DEAL)))
    client.deals.update(42, title="New", value=None, extra={CUSTOM: "x", "label": None})
    assert mock.last.json == {"title": "New", CUSTOM: "x", "label": None}
    client.deals.create(title="T", visible_to=pipedrive_rs.Visibility.ENTIRE_COMPANY)
    assert mock.last.json == {"title": "T", "visible_to": "7"}
    client.deals.create(title="T", visible_to=3, probability=50)
    assert mock.last.json == {"title": "T", "visible_to": "3", "probability": 50.0}


def test_query_rendering(client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(Reply(body=envelope([])))
    list(client.deals.list(owned_by_you=True, user_id=5, sort="title ASC"))
    assert mock.last.query == [("user_id", "5"), ("sort", "title ASC"), ("owned_by_you", "1")]
    list(client.deals.list(owned_by_you=False))
    assert mock.last.query[-1] == ("owned_by_you", "0")
    client.deals.search(term="lic", exact_match=True).pages().__next__()
    assert ("exact_match", "true") in mock.last.query


def test_path_segments_are_escaped(client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(Reply(body=envelope({"id": "a/b c"})))
    client.leads.get("a/b c?#")
    assert mock.last.path == "/v1/leads/a%2Fb%20c%3F%23"


def test_required_parameters(client: pipedrive_rs.Client) -> None:
    with pytest.raises(TypeError):
        client.deals.create()  # type: ignore[call-arg]
    with pytest.raises(pipedrive_rs.InvalidInputError):
        client.deals.create(title=None)  # type: ignore[arg-type]
    with pytest.raises(pipedrive_rs.InvalidInputError):
        client.deals.search(term=None).to_list()  # type: ignore[arg-type]
    with pytest.raises(pipedrive_rs.InvalidInputError):
        client.deals.get(None)  # type: ignore[arg-type]


def test_bad_values_are_invalid_input(client: pipedrive_rs.Client) -> None:
    with pytest.raises(pipedrive_rs.InvalidInputError) as e:
        client.deals.list(sort={"a": 1}).to_list()  # type: ignore[arg-type]
    assert isinstance(e.value, ValueError)
    with pytest.raises(pipedrive_rs.InvalidInputError):
        client.deals.create(title="t", extra={"x": object()})
    with pytest.raises(pipedrive_rs.InvalidInputError):
        client.deals.create(title="t", extra={"x": float("nan")})
    with pytest.raises(pipedrive_rs.InvalidInputError):
        client.deals.create(title="t", extra={"x": 2**70})


def test_repeated_reads_escaped_and_unicode_keys() -> None:
    from pipedrive_rs import _native

    text = '{"a\\u00e9": 1, "b": {"c": [1, 2]}, "t\\"q": "x", "ключ": "знач", "z": null}'
    rec: Any = _native._record_from_json(text)
    for _ in range(5):  # the first reads scan, later ones use the field index
        assert rec["aé"] == 1 and rec.b.c == [1, 2] and rec['t"q'] == "x"
        assert rec["ключ"] == "знач" and rec.z is None and "z" in rec and "y" not in rec
    assert rec.keys() == ["aé", "b", 't"q', "ключ", "z"]
    assert rec.to_json() == text  # exactly as received
    assert rec.to_dict() == {"aé": 1, "b": {"c": [1, 2]}, 't"q': "x", "ключ": "знач", "z": None}


def test_records_are_safe_to_read_from_threads(client: pipedrive_rs.Client, mock: MockServer) -> None:
    import threading

    mock.reply(Reply(body=envelope([DEAL] * 50)))
    deals = client.deals.list().to_list()
    errors: List[BaseException] = []

    def read() -> None:
        try:
            for _ in range(20):
                for d in deals:
                    assert d.title == "Forty licences" and d.owner is not None
                    assert d.owner.name == "Ann Owner"
                    assert d[CUSTOM].to_dict() == DEAL[CUSTOM]
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
