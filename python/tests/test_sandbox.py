"""End to end against the in-process sandbox: CRUD, pagination, search, errors, threads."""

from __future__ import annotations

import io
import threading
import urllib.error
import urllib.request
from decimal import Decimal
from typing import Any, List

import pytest

import pipedrive_rs
from pipedrive_rs.testing import Sandbox, SandboxError, sandbox
from conftest import CALLS_DEPRECATED_V1

pytestmark = CALLS_DEPRECATED_V1


def test_deal_crud(sandbox_client: pipedrive_rs.Client) -> None:
    c = sandbox_client
    deal = c.deals.create(title="Forty licences", value="4000", currency="EUR", status="open")
    assert isinstance(deal.id, int)
    assert (deal.title, deal.value, deal.currency, deal.status) == ("Forty licences", Decimal(4000), "EUR", "open")
    got = c.deals.get(deal.id)
    assert got.title == "Forty licences" and got.to_dict()["id"] == deal.id
    updated = c.deals.update(deal.id, title="Forty-two licences", value="4200")
    assert updated.title == "Forty-two licences" and updated.value == 4200
    assert c.deals.delete(deal.id).id == deal.id


def test_person_and_organization(sandbox_client: pipedrive_rs.Client) -> None:
    c = sandbox_client
    org = c.organizations.create(name="Acme Ltd")
    person = c.persons.create(
        name="Ada Lovelace",
        org_id=org.id,
        email=[{"value": "ada@example.com", "primary": True, "label": "work"}],
    )
    assert person.name == "Ada Lovelace"
    fetched = c.persons.get(person.id)
    assert fetched.to_dict()["name"] == "Ada Lovelace"
    assert any(p.id == person.id for p in c.organizations.list_persons(org.id))
    c.persons.delete(person.id)
    c.organizations.delete(org.id)


def test_pagination_reads_every_seeded_deal(sandbox_client: pipedrive_rs.Client) -> None:
    ids = [d.id for d in sandbox_client.deals.list(limit=7)]
    assert len(ids) == len(set(ids)) and len(ids) >= 100
    pages = list(sandbox_client.deals.list(limit=30).pages())
    assert len(pages) >= 4
    assert all(len(p.items) <= 30 for p in pages)
    first = pages[0].additional_data
    assert first is not None and first.pagination is not None
    assert first.pagination.more_items_in_collection is True
    last = pages[-1].additional_data
    assert last is not None and last.pagination is not None
    assert last.pagination.more_items_in_collection is False
    assert last.next_cursor is None  # documented, absent on v1 pages


def test_filters_are_applied(sandbox_client: pipedrive_rs.Client) -> None:
    won = sandbox_client.deals.list(status="won").to_list()
    assert won and all(d.status == "won" for d in won)


def test_search(sandbox_client: pipedrive_rs.Client) -> None:
    c = sandbox_client
    deal = c.deals.create(title="Quasar telescope order")
    hits = c.deals.search(term="Quasar").to_list()
    assert any(h.item.id == deal.id for h in hits)
    assert all(h.result_score is None or h.result_score >= 0 for h in hits)
    c.deals.delete(deal.id)


def test_errors(sandbox_client: pipedrive_rs.Client, sandbox_server: Sandbox) -> None:
    c = sandbox_client
    with pytest.raises(pipedrive_rs.NotFoundError) as nf:
        c.deals.get(987654321)
    assert nf.value.status == 404 and nf.value.error
    with pytest.raises(pipedrive_rs.ApiError) as bad:
        c.deals.search(term="a").to_list()
    assert bad.value.status == 400 and bad.value.error
    sandbox_server.faults(fail_next={"n": 1, "status": 401})
    with pytest.raises(pipedrive_rs.AuthenticationError):
        c.users.me()
    sandbox_server.faults(fail_next={"n": 1, "status": 429})
    with pytest.raises(pipedrive_rs.RateLimitError) as rl:
        c.users.me()
    assert rl.value.retry_after is not None
    sandbox_server.faults(html_403_next=1)
    with pytest.raises(pipedrive_rs.PermissionDeniedError):
        c.users.me()


def test_retries_recover_from_a_gateway_error(sandbox_server: Sandbox) -> None:
    sandbox_server.faults(clear=True, fail_next={"n": 1, "status": 503})
    with pipedrive_rs.Client("t", base_url=sandbox_server.url, max_retries=2, max_retry_delay=0.05) as c:
        assert c.users.me().id is not None
    sandbox_server.faults(clear=True)


def test_eight_threads_share_one_client_concurrently() -> None:
    # A fresh sandbox so its max_in_flight counts only these requests. Each request is
    # held by the server (delay fault); with the GIL released around every call, the
    # eight threads' requests overlap at the server.
    with Sandbox(seed=3) as box:
        box.delay(0.3)
        with pipedrive_rs.Client("t", base_url=box.url, max_retries=0) as client:
            start = threading.Barrier(8)
            results: List[Any] = []
            errors: List[BaseException] = []
            lock = threading.Lock()

            def work(i: int) -> None:
                try:
                    start.wait(timeout=30)
                    deal = client.deals.get(i + 1)
                    with lock:
                        results.append(deal.id)
                except BaseException as e:  # pragma: no cover - reported below
                    with lock:
                        errors.append(e)

            threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=60)
        box.clear_faults()
        stats = box.stats()
    assert not errors, errors
    assert sorted(results) == list(range(1, 9))
    assert stats["max_in_flight"] >= 2, stats


def test_testing_helper_starts_and_stops_the_server() -> None:
    with sandbox(seed=11) as box:
        url = box.url
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
        assert str(box) == url
        with box.client() as c:
            assert len(c.deals.list().to_list()) >= 1
    assert not box.running
    with pytest.raises(SandboxError):
        box.url
    with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
        urllib.request.urlopen(url.rsplit("/v1", 1)[0] + "/_sandbox/stats", timeout=2)


def test_sandbox_token_is_enforced() -> None:
    with sandbox(seed=1, token="right-token") as box:
        assert box.token == "right-token"
        url = box.url
        with pipedrive_rs.Client("wrong-token", base_url=url, max_retries=0) as c:
            with pytest.raises(pipedrive_rs.AuthenticationError) as e:
                c.users.me()
            assert "wrong-token" not in str(e.value)
        with pipedrive_rs.Client("right-token", base_url=url) as c:
            assert c.users.me().id is not None


def test_file_upload_and_download(sandbox_client: pipedrive_rs.Client) -> None:
    c = sandbox_client
    deal = c.deals.create(title="Signed quote")
    content = bytes(range(256))[::-1] + b"\r\n--x\r\n\xff\xfe"
    uploaded = c.files.upload(file=("quote.pdf", content, "application/pdf"), deal_id=deal.id)
    assert isinstance(uploaded.id, int)
    assert (uploaded.file_name, uploaded.file_size, uploaded.deal_id) == ("quote.pdf", len(content), deal.id)
    buf = io.BytesIO()
    assert c.files.download(uploaded.id, buf) == len(content)
    assert buf.getvalue() == content
    assert [f.id for f in c.deals.list_files(deal.id)] == [uploaded.id]
    assert c.files.delete(uploaded.id).id == uploaded.id
    assert c.deals.list_files(deal.id).to_list() == []
