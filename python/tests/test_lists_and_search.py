"""Every list operation returns a pager, a search returns ``SearchHits`` with ``first()``,
fields are named after their keys (``type``), emails and phones are typed inputs checked in
Rust, and an error's ``code`` comes from whichever spelling its body uses."""

from __future__ import annotations

from typing import List

import pytest

import pipedrive_rs
from conftest import CALLS_DEPRECATED_V1, MockServer, Reply
from pipedrive_rs.models import OrganizationSearchItem, SearchHit, Stage
from pipedrive_rs.testing import Sandbox

pytestmark = CALLS_DEPRECATED_V1


def served(box: Sandbox) -> int:
    return int(box.stats()["requests_served"])


def test_an_unpaginated_list_is_a_pager_of_one_page(
    sandbox_client: pipedrive_rs.Client, sandbox_server: Sandbox
) -> None:
    stages = sandbox_client.stages.list()
    assert isinstance(stages, pipedrive_rs.Pager)
    before = served(sandbox_server)
    items: List[Stage] = stages.to_list()
    assert items and all(isinstance(s.name, str) for s in items)
    assert served(sandbox_server) == before + 1

    pages = list(sandbox_client.stages.list().pages())
    assert len(pages) == 1
    assert [s.id for s in pages[0].items] == [s.id for s in items]
    assert [s.id for s in sandbox_client.stages.list()] == [s.id for s in items]
    # The other lists answered in one response behave the same.
    assert sandbox_client.users.list().to_list()
    assert isinstance(sandbox_client.activity_types.list(), pipedrive_rs.Pager)


def test_search_hits_and_first(
    sandbox_client: pipedrive_rs.Client, sandbox_server: Sandbox
) -> None:
    c = sandbox_client
    org = c.organizations.create(name="Zephyr Widgets")
    try:
        hits = c.organizations.search(term="Zephyr")
        assert isinstance(hits, pipedrive_rs.SearchHits)
        assert isinstance(hits, pipedrive_rs.Pager)
        all_hits: List[SearchHit[OrganizationSearchItem]] = hits.to_list()
        assert len(all_hits) == 1
        assert all_hits[0].item.id == org.id
        assert all_hits[0].item.type == "organization"
        assert isinstance(all_hits[0].result_score, float)

        before = served(sandbox_server)
        found = c.organizations.search(term="Zephyr").first()
        assert found is not None
        assert (found.id, found.name) == (org.id, "Zephyr Widgets")
        assert served(sandbox_server) == before + 1

        assert c.deals.search(term="nothing matches this").first() is None
        with pytest.raises(pipedrive_rs.ApiError) as info:
            c.deals.search(term="Z").first()
        assert info.value.status == 400
    finally:
        c.organizations.delete(org.id)


def test_emails_and_phones_take_strings_and_entries(
    sandbox_client: pipedrive_rs.Client,
) -> None:
    c = sandbox_client
    person = c.persons.create(
        name="Grace Hopper",
        email=["grace@example.com", {"value": "grace@navy.example", "label": "work"}],
        phone=[{"value": "+15555550100", "primary": True, "label": "mobile"}],
    )
    try:
        assert person.email is not None and person.phone is not None
        assert [e.value for e in person.email] == ["grace@example.com", "grace@navy.example"]
        assert person.email[1].label == "work"
        assert person.phone[0].value == "+15555550100"
        assert person.phone[0].label == "mobile"
        updated = c.persons.update(person.id, phone=["+15555550199"])
        assert updated.phone is not None
        assert updated.phone[0].value == "+15555550199"
    finally:
        c.persons.delete(person.id)


@pytest.mark.parametrize(
    "bad",
    [
        [5],
        [{"primary": True}],
        [{"value": "a@example.com", "kind": "work"}],
        [{"value": "a@example.com", "primary": "yes"}],
        "a@example.com",
    ],
)
def test_a_wrong_email_shape_is_invalid_input(
    client: pipedrive_rs.Client, mock: MockServer, bad: object
) -> None:
    before = len(mock.requests)
    with pytest.raises(pipedrive_rs.InvalidInputError) as info:
        client.persons.create(name="X", email=bad)  # type: ignore[arg-type]
    assert "`email`" in str(info.value)
    assert len(mock.requests) == before


def test_a_rate_limit_error_has_the_code_of_its_body(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(
        Reply(429, '{"success":false,"error":"Rate limit exceeded","errorCode":429}')
    )
    with pytest.raises(pipedrive_rs.RateLimitError) as info:
        client.deals.get(1)
    assert info.value.status == 429
    assert info.value.code == "429"
    assert info.value.error == "Rate limit exceeded"


def test_a_pager_stopped_by_an_error_goes_on_where_it_stopped(
    sandbox_client: pipedrive_rs.Client, sandbox_server: Sandbox
) -> None:
    everything = [d.id for d in sandbox_client.deals.list(limit=100)]
    pager = sandbox_client.deals.list(limit=50)
    seen = [next(pager).id for _ in range(50)]
    sandbox_server.faults(fail_next={"n": 1, "status": 503})
    with pytest.raises(pipedrive_rs.ApiError) as failed:
        next(pager)
    assert failed.value.status == 503
    # Iterating again fetches the page that failed: nothing skipped, nothing repeated.
    seen.extend(d.id for d in pager)
    assert seen == everything
