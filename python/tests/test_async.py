"""The asyncio client (`pipedrive_rs.AsyncClient`) against the in-process sandbox: the same
resources, results and exceptions as the sync client, calls in flight together, and
cancellation that stops a call without losing or repeating anything."""

from __future__ import annotations

import ast
import asyncio
import inspect
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Iterator, List, TypeVar

import pytest

import pipedrive_rs
from pipedrive_rs import _native, v2
from pipedrive_rs.aio import AsyncClient, AsyncPager, AsyncSearchHits
from pipedrive_rs.testing import Sandbox

from conftest import CALLS_DEPRECATED_V1, resource_of

PACKAGE = Path(pipedrive_rs.__file__).resolve().parent
_T = TypeVar("_T")


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    with Sandbox(seed=5) as sandbox:
        yield sandbox


@pytest.fixture
def fresh(box: Sandbox) -> Iterator[Sandbox]:
    box.reset()
    yield box
    box.clear_faults()


def run(make: Callable[[], Awaitable[_T]]) -> _T:
    """Runs one coroutine on a new event loop that records what asyncio would log (an
    exception nobody retrieved), and fails the test if anything was."""
    logged: List[Dict[str, Any]] = []

    async def main() -> _T:
        asyncio.get_running_loop().set_exception_handler(lambda _loop, ctx: logged.append(ctx))
        return await make()

    result = asyncio.run(main())
    assert logged == []
    return result


def client_for(box: Sandbox, **options: Any) -> AsyncClient:
    return AsyncClient(box.token, base_url=box.url, **options)


def served(box: Sandbox) -> int:
    n: int = box.stats()["requests_served"]
    return n


async def drain(client: AsyncClient) -> None:
    """Closes the client and waits until its worker threads have finished their calls."""
    client.close()
    await asyncio.get_running_loop().run_in_executor(None, client._executor.shutdown, True)


def test_calls_pagers_and_records_match_the_sync_client(fresh: Sandbox) -> None:
    sync = fresh.client()

    async def go() -> None:
        async with client_for(fresh) as client:
            deal: v2.Deal = await client.v2.deals.get(1)
            assert deal.to_dict() == sync.v2.deals.get(1).to_dict()
            seen = [d.id async for d in client.v2.deals.list(limit=30)]
            assert seen == [d.id for d in sync.v2.deals.list(limit=30)]
            assert len(seen) == fresh.count("deals") and len(set(seen)) == len(seen)
            listed: List[v2.Deal] = await client.v2.deals.list(limit=40).to_list()
            assert [d.id for d in listed] == seen
            sizes = [len(page) async for page in client.v2.deals.list(limit=40).pages()]
            assert sum(sizes) == len(seen) and sizes[0] == 40
            created = await client.v2.deals.create(title="Async deal", value=1250)
            assert (await client.v2.deals.get(created.id)).title == "Async deal"
            hits = client.v2.deals.search(term="Async deal")
            assert isinstance(hits, AsyncSearchHits)
            best = await hits.first()
            assert best is not None and best.id == created.id
            raw = await client.request("GET", "/deals/1")
            assert raw["id"] == 1

    run(go)


def test_pages_after_partly_consumed_page_give_the_rest_first(fresh: Sandbox) -> None:
    async def go() -> None:
        async with client_for(fresh) as client:
            pager = client.v2.deals.list(limit=10)
            first = [await pager.__anext__() for _ in range(3)]
            pages = [[d.id for d in page] async for page in pager.pages()]
            ids = [d.id for d in first] + [i for page in pages for i in page]
            assert len(pages[0]) == 7
            assert ids == [d.id async for d in client.v2.deals.list(limit=10)]

    run(go)


def test_errors_raise_the_same_exception_classes(fresh: Sandbox) -> None:
    async def go() -> None:
        async with client_for(fresh, max_retries=0) as client:
            with pytest.raises(pipedrive_rs.NotFoundError) as nf:
                await client.v2.deals.get(987654)
            assert nf.value.status == 404
            with pytest.raises(pipedrive_rs.InvalidInputError):
                await client.v2.deals.get("not an id")  # type: ignore[arg-type]
            fresh.fail_next(1, status=503)
            with pytest.raises(pipedrive_rs.ApiError) as api:
                await client.v2.deals.get(1)
            assert api.value.status == 503
            fresh.fail_next(1, status=503)
            pager = client.v2.deals.list(limit=50)
            with pytest.raises(pipedrive_rs.ApiError):
                await pager.__anext__()
            # The failed page is fetched again: nothing is skipped.
            assert [d.id async for d in pager] == [d.id async for d in client.v2.deals.list()]
        with pytest.raises(pipedrive_rs.InvalidInputError, match="closed"):
            await client.v2.deals.get(1)

    run(go)


@CALLS_DEPRECATED_V1
def test_v1_resources_and_deprecation_warnings(fresh: Sandbox) -> None:
    async def go() -> None:
        async with client_for(fresh) as client:
            with pytest.warns(DeprecationWarning, match="client.deals.get"):
                call = client.deals.get(2)
            assert (await call).id == 2
            users = [u.id async for u in client.users.list()]
            assert users and all(isinstance(u, int) for u in users)

    run(go)


def test_fifty_gets_run_concurrently_on_one_client(fresh: Sandbox) -> None:
    fresh.delay(0.3)

    async def go() -> List[int]:
        async with client_for(fresh) as client:
            deals = await asyncio.gather(*(client.v2.deals.get(i) for i in range(1, 51)))
            return [d.id for d in deals]

    assert run(go) == list(range(1, 51))
    stats = fresh.stats()
    assert stats["requests_served"] == 50
    # The calls overlapped on the server: at least as many as the client's default
    # worker threads were being answered at once (sequential calls would show 1).
    assert stats["max_in_flight"] >= 32


def test_max_concurrency_bounds_calls_in_flight(fresh: Sandbox) -> None:
    fresh.delay(0.1)

    async def go() -> None:
        async with client_for(fresh, max_concurrency=4) as client:
            await asyncio.gather(*(client.v2.deals.get(i) for i in range(1, 13)))

    run(go)
    assert fresh.stats()["max_in_flight"] == 4


def test_cancelled_call_stops_waiting_and_is_not_retried(fresh: Sandbox) -> None:
    # One request per 30 s, used up by a sync call: the async call gets a 429 asking it
    # to wait 30 s before its retry.
    fresh.rate_limit(burst=1, retry_after=30)
    fresh.client().v2.deals.get(1)

    async def go() -> None:
        client = client_for(fresh, max_retries=3)
        task = asyncio.ensure_future(client.v2.deals.get(2))
        while served(fresh) < 2:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # Returns once the worker thread is free: the 30 s wait was cut short.
        await drain(client)

    run(go)
    # No retry was sent after the cancellation.
    assert served(fresh) == 2


def test_cancelled_write_waiting_for_a_thread_is_never_sent(fresh: Sandbox) -> None:
    fresh.delay(0.3)
    before = fresh.count("deals")

    async def go() -> None:
        client = client_for(fresh, max_concurrency=1)
        busy = asyncio.ensure_future(client.v2.deals.get(1))
        create = asyncio.ensure_future(client.v2.deals.create(title="never"))
        await asyncio.sleep(0)  # both submitted: the create waits for the one thread
        create.cancel()
        with pytest.raises(asyncio.CancelledError):
            await create
        assert (await busy).id == 1
        await drain(client)

    run(go)
    assert fresh.count("deals") == before
    assert served(fresh) == 1


def test_cancelled_page_fetch_is_kept_for_the_next_step(fresh: Sandbox) -> None:
    fresh.delay(0.2)

    async def go() -> List[int]:
        async with client_for(fresh) as client:
            pager = client.v2.deals.list(limit=25)
            step = asyncio.ensure_future(pager.__anext__())
            while served(fresh) < 1:
                await asyncio.sleep(0.01)
            step.cancel()
            with pytest.raises(asyncio.CancelledError):
                await step
            return [d.id async for d in pager]

    ids = run(go)
    assert ids == sorted(set(ids)) and len(ids) == fresh.count("deals")


def test_async_surface_mirrors_the_operation_table() -> None:
    """Every operation is a method of the async client, and the stubs declare a list as a
    plain method returning an async pager and every other call as a coroutine."""
    client = AsyncClient("t", base_url="http://127.0.0.1:9/v1")
    stub_kinds: Dict[str, Dict[str, bool]] = {}
    for stub in ("aio_resources.pyi", "aio_v2.pyi"):
        tree = ast.parse((PACKAGE / stub).read_text())
        prefix = "v2." if stub == "aio_v2.pyi" else ""
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            methods = {
                f.name: isinstance(f, ast.AsyncFunctionDef)
                for f in cls.body
                if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.name != "__init__"
            }
            stub_kinds[prefix + cls.name] = methods
    ops = _native.operations()
    assert ops
    for op in ops:
        resource = resource_of(client, op["resource"])
        method = getattr(resource, op["name"])
        assert inspect.ismethod(method), op["id"]
        prefix = "v2." if op["resource"].startswith("v2.") else ""
        is_coroutine = stub_kinds[prefix + type(resource).__name__][op["name"]]
        assert is_coroutine == (op["response"] not in ("page", "list", "search")), op["id"]
    assert isinstance(client.paginate("/deals"), AsyncPager)
    client.close()


def test_async_client_options_are_checked_by_rust() -> None:
    with pytest.raises(pipedrive_rs.InvalidInputError):
        AsyncClient("t", base_url="http://example.com/v1")
    for bad in (0, -1, 2.5, True):
        with pytest.raises(pipedrive_rs.InvalidInputError, match="max_concurrency"):
            AsyncClient("t", base_url="http://127.0.0.1:9/v1", max_concurrency=bad)  # type: ignore[arg-type]
