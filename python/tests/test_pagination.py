"""Lazy pagination: v1 start/limit, v2 cursors, stop rules, pages(), search hits."""

from __future__ import annotations

from typing import Any, Dict, List

import pipedrive_rs
from conftest import CALLS_DEPRECATED_V1, MockServer, Recorded, Reply, envelope

pytestmark = CALLS_DEPRECATED_V1


def paged(total: int, page: int) -> Any:
    """A responder serving ids 1..total in pages of `page`, honouring `start`."""

    def respond(rec: Recorded) -> Reply:
        q = dict(rec.query)
        start = int(q.get("start", "0"))
        items = [{"id": i + 1, "title": f"deal {i + 1}"} for i in range(start, min(total, start + page))]
        more = start + page < total
        pagination: Dict[str, Any] = {"start": start, "limit": page, "more_items_in_collection": more}
        if more:
            pagination["next_start"] = start + page
        return Reply(
            body=envelope(
                items,
                additional_data={"pagination": pagination},
                related_objects={"user": {"1": {"id": 1, "name": "Ann"}}},
            )
        )

    return respond


def test_items_are_fetched_page_by_page(client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(paged(25, 10))
    pager = client.deals.list(limit=10)
    assert mock.requests == []  # lazy: nothing sent before iterating
    first = next(pager)
    assert first.id == 1 and len(mock.requests) == 1
    rest = list(pager)
    assert [d.id for d in rest] == list(range(2, 26))
    assert [dict(r.query).get("start") for r in mock.requests] == [None, "10", "20"]
    assert list(pager) == []  # exhausted


def test_pages_expose_additional_data_and_related_objects(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(paged(25, 10))
    pages = list(client.deals.list(limit=10).pages())
    assert [len(p) for p in pages] == [10, 10, 5]
    p = pages[0]
    assert [d.id for d in p] == list(range(1, 11)) and p.items[0].title == "deal 1"
    assert p.additional_data is not None
    assert p.additional_data.pagination is not None
    assert p.additional_data.pagination.next_start == 10
    assert p.additional_data.to_dict()["pagination"]["more_items_in_collection"] is True
    assert p.related_objects is not None and p.related_objects["user"]["1"].name == "Ann"
    assert isinstance(p.rate_limit, dict)


def test_pages_after_items_start_with_the_buffered_rest(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(paged(25, 10))
    pager = client.deals.list(limit=10)
    next(pager)
    next(pager)
    pages = list(pager.pages())
    assert [[d.id for d in p.items] for p in pages] == [
        list(range(3, 11)),
        list(range(11, 21)),
        list(range(21, 26)),
    ]
    assert pages[0].additional_data is not None


def test_start_is_kept_and_to_list(client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(paged(25, 10))
    assert [d.id for d in client.deals.list(start=20, limit=10).to_list()] == [21, 22, 23, 24, 25]


def test_a_server_that_does_not_advance_cannot_loop(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(
        Reply(
            body=envelope(
                [{"id": 1}],
                additional_data={"pagination": {"more_items_in_collection": True, "next_start": 0}},
            )
        )
    )
    assert len(client.deals.list().to_list()) == 1
    assert len(mock.requests) == 1


def test_cursor_pagination_stops_on_a_repeated_cursor(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(
        Reply(body=envelope([{"id": 1}], additional_data={"next_cursor": "c1"})),
        Reply(body=envelope([{"id": 2}], additional_data={"next_cursor": "c2"})),
        Reply(body=envelope([{"id": 3}], additional_data={"next_cursor": "c1"})),
    )
    ids = [d.id for d in client.paginate("/deals")]
    assert ids == [1, 2, 3]
    cursors: List[Any] = [dict(r.query).get("cursor") for r in mock.requests]
    assert cursors == [None, "c1", "c2"]


def test_null_and_single_object_pages(client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(Reply(body=envelope(None)))
    assert client.deals.list().to_list() == []
    mock.reply(Reply(body=envelope({"id": 9})))
    assert [d.id for d in client.deals.list()] == [9]


def test_search_yields_hits(client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(
        Reply(
            body=envelope(
                {"items": [{"result_score": 0.9, "item": {"id": 3, "title": "Licences", "type": "deal"}}]},
                additional_data={"pagination": {"more_items_in_collection": False}},
            )
        )
    )
    hits = client.deals.search(term="lic").to_list()
    assert len(hits) == 1
    hit = hits[0]
    assert hit.result_score == 0.9 and hit.item.title == "Licences"
    assert hit.item.owner is None  # documented DealSearchItem field, absent here
    assert repr(hit).startswith("SearchHit[DealSearchItem](")


def test_an_error_stops_the_iteration_at_the_page_that_failed(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    import pytest

    mock.reply(
        paged(25, 10),
    )
    pager = client.deals.list(limit=10)
    assert len([next(pager) for _ in range(10)]) == 10
    mock.reply(Reply(500, {"success": False, "error": "boom"}))
    with pytest.raises(pipedrive_rs.ApiError, match="boom"):
        next(pager)
    # Still failing: iterating again asks for the same page again, and raises again.
    with pytest.raises(pipedrive_rs.ApiError, match="boom"):
        list(pager)
    # Once the server answers, the walk goes on from that page: nothing skipped or repeated.
    mock.reply(paged(25, 10))
    assert [d.id for d in pager] == list(range(11, 26))
    starts = [dict(r.query).get("start") for r in mock.requests]
    assert starts[-4:] == ["10", "10", "10", "20"]
