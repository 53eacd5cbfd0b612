"""The asyncio client: :class:`AsyncClient`, and the async pagers its list methods return.

::

    import asyncio
    import pipedrive_rs

    async def main() -> None:
        async with pipedrive_rs.AsyncClient() as client:   # token from PIPEDRIVE_API_TOKEN
            deal = await client.v2.deals.get(1)
            async for deal in client.v2.deals.list(status="open"):
                print(deal.id, deal.title)
            # many calls in flight at once, on one connection pool:
            deals = await asyncio.gather(*(client.v2.deals.get(i) for i in range(1, 51)))

    asyncio.run(main())

The resources and methods are those of :class:`pipedrive_rs.Client`, with the same
arguments, results and exceptions. A call returns an awaitable; a list returns an
:class:`AsyncPager` at once (``async for``, ``await pager.to_list()``), which fetches a
page when it needs one.

How it runs: the Rust client is blocking, so each call runs on a worker thread of the
client's own pool (``max_concurrency`` threads), without the GIL while it waits for the
network; the event loop only awaits it. Every thread shares the one native client, so its
connection pool, retries and rate-limit pacing serve all calls in flight together.

Cancelling the task that awaits a call (``task.cancel()``, ``asyncio.wait_for`` timing
out) returns at once; the call itself stops at its next wait (a retry's backoff, a
rate-limit pause) or between chunks of a long body, and is neither retried nor sent
again. A request already sent is not recalled: a cancelled create may still have created
its record. A pager cancelled while fetching keeps that page for its next step, so
iterating again skips nothing.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from . import _native
from ._client import _open_native, _State
from .aio_resources import AsyncResources

from typing import Generic, TypeVar

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import TracebackType
    from typing import Any, Callable, Dict, List, Mapping, Optional, Type

    from typing_extensions import Unpack

    from ._client import ClientOptions, QueryInput
    from .aio_v2 import AsyncV2
    from .models import SearchHit

_T = TypeVar("_T")
_T_co = TypeVar("_T_co", covariant=True)

__all__ = ["AsyncClient", "AsyncPager", "AsyncSearchHits", "AsyncPageIterator", "AsyncCustomFields"]

DEFAULT_MAX_CONCURRENCY = 32
"""Worker threads of an :class:`AsyncClient` unless ``max_concurrency`` says otherwise: as
many as the connections the native client keeps idle by default."""


def _paged_operations() -> Dict[str, str]:
    """Operation id -> ``"pager"`` or ``"search"`` for every operation whose method returns
    a pager, from the Rust operation table."""
    kinds = {"page": "pager", "list": "pager", "search": "search"}
    return {op["id"]: kinds[op["response"]] for op in _native.operations() if op["response"] in kinds}


_PAGED = _paged_operations()


def _next_page(pages: _native.PageIterator[Any]) -> Optional[_native.Page[Any]]:
    # `StopIteration` cannot cross a future; the end of the list is None instead.
    return next(pages, None)


def _retrieve(fut: asyncio.Future[Any]) -> None:
    # A page fetch whose awaiter was cancelled may fail with nobody listening; reading the
    # exception here keeps asyncio from logging it (awaiting it later still raises it).
    if not fut.cancelled():
        fut.exception()


class _Calls:
    """What the generated async resources call as ``self._c``: the native client's
    ``call`` and ``download``, run on the worker threads and awaited."""

    __slots__ = ("native", "executor")

    def __init__(self, native: _native.Client, executor: ThreadPoolExecutor) -> None:
        self.native = native
        self.executor = executor

    async def run(self, fn: Callable[..., _T], *args: Any) -> _T:
        """Runs ``fn(*args)`` on a worker thread and awaits it; cancelling the awaiting
        task tells the call to stop (see the module docs)."""
        if self.native.closed:
            # The native client raises its own error for a closed client, at once.
            return fn(*args)
        token = _native.CancelToken()
        loop = asyncio.get_running_loop()
        fut = loop.run_in_executor(self.executor, token.run, fn, *args)
        try:
            return await fut
        except asyncio.CancelledError:
            token.cancel()
            raise

    def call(self, op: str, args: Any, custom_fields: Any = None) -> Any:
        kind = _PAGED.get(op)
        if kind is not None:
            # Making a pager sends nothing: its pages are fetched as it is iterated.
            pager = self.native.call(op, args, custom_fields)
            return (AsyncSearchHits if kind == "search" else AsyncPager)(pager, self)
        return self.run(self.native.call, op, args, custom_fields)

    def download(self, op: str, args: Any, dest: Any) -> Any:
        return self.run(self.native.download, op, args, dest)


class AsyncPageIterator(Generic[_T_co]):
    """The pages of an :class:`AsyncPager`: ``async for page in pager.pages()``."""

    __slots__ = ("_pager",)

    def __init__(self, pager: AsyncPager[_T_co]) -> None:
        self._pager = pager

    def __aiter__(self) -> AsyncPageIterator[_T_co]:
        return self

    async def __anext__(self) -> _native.Page[_T_co]:
        page = await self._pager._next_page()
        if page is None:
            raise StopAsyncIteration
        return page


class AsyncPager(Generic[_T_co]):
    """Every item of a list operation, fetched page by page on the client's worker
    threads: ``async for item in pager``, ``await pager.to_list()``, or whole pages with
    :meth:`pages`. Like :class:`pipedrive_rs.Pager`, a page that fails raises and is
    fetched again by the next step, so a retry misses and repeats nothing."""

    __slots__ = ("_pages", "_calls", "_page", "_items", "_pos", "_pending")

    def __init__(self, pager: _native.Pager[_T_co], calls: _Calls) -> None:
        self._pages = pager.pages()
        self._calls = calls
        self._page: Optional[_native.Page[_T_co]] = None
        self._items: List[_T_co] = []
        self._pos = 0
        self._pending: Optional[asyncio.Future[Optional[_native.Page[_T_co]]]] = None

    async def _fetch(self) -> Optional[_native.Page[_T_co]]:
        """The next page from the server, or None at the end of the list."""
        if self._pending is None:
            loop = asyncio.get_running_loop()
            # A pager outlives its client's close(), as a sync one does; the client's
            # threads are gone by then, so asyncio's default executor fetches its pages.
            executor = None if self._calls.native.closed else self._calls.executor
            self._pending = loop.run_in_executor(executor, _next_page, self._pages)
            self._pending.add_done_callback(_retrieve)
        pending = self._pending
        try:
            # Shielded: a cancelled caller leaves the fetch running, and the next step
            # takes its page instead of fetching past it.
            page = await asyncio.shield(pending)
        except asyncio.CancelledError:
            if pending.cancelled():
                self._pending = None
            raise
        except BaseException:
            self._pending = None
            raise
        self._pending = None
        return page

    async def _next_page(self) -> Optional[_native.Page[_T_co]]:
        """What :meth:`pages` yields next: the rest of a partly consumed page, else the
        next page."""
        page, pos = self._page, self._pos
        self._page, self._items, self._pos = None, [], 0
        if page is not None and pos < len(page):
            return page._tail(pos) if pos else page
        return await self._fetch()

    def __aiter__(self) -> AsyncPager[_T_co]:
        return self

    async def __anext__(self) -> _T_co:
        while self._pos >= len(self._items):
            page = await self._fetch()
            if page is None:
                self._page, self._items, self._pos = None, [], 0
                raise StopAsyncIteration
            self._page, self._items, self._pos = page, page.items, 0
        item = self._items[self._pos]
        self._pos += 1
        return item

    def pages(self) -> AsyncPageIterator[_T_co]:
        """Whole pages instead of items; items already fetched but not yet taken come
        first, as a page of their own."""
        return AsyncPageIterator(self)

    async def to_list(self) -> List[_T_co]:
        """The rest of the list."""
        out: List[_T_co] = []
        async for page in self.pages():
            out.extend(page.items)
        return out

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


class AsyncSearchHits(AsyncPager["SearchHit[_T]"], Generic[_T]):
    """The hits of a search (``.item``, ``.result_score``), best first."""

    __slots__ = ()

    async def first(self) -> Optional[_T]:
        """The matched object of the next hit (the best match of a fresh search), or None
        when nothing (more) matches. Fetches at most one page."""
        try:
            hit = await self.__anext__()
        except StopAsyncIteration:
            return None
        item: _T = hit.item
        return item


class AsyncCustomFields:
    """Custom fields by name, as :class:`pipedrive_rs.CustomFields`, for the asyncio
    client: a method that may read the field definitions from the server is awaitable."""

    __slots__ = ("_calls",)

    def __init__(self, calls: _Calls) -> None:
        self._calls = calls

    async def get(self, record: _native.Record, name: str) -> Optional[_native.CustomValue]:
        """The custom field ``name`` of a record, or None when it is not set."""
        return await self._calls.run(self._calls.native.custom_field, record, name)

    async def values(self, record: _native.Record) -> Dict[str, _native.CustomValue]:
        """Every custom field set on a record, by field name, in field order."""
        return await self._calls.run(self._calls.native.custom_field_values, record)

    async def key(self, kind: str, name: str) -> str:
        """The 40-character key of the custom field ``name`` of ``kind``."""
        return await self._calls.run(self._calls.native.custom_field_key, kind, name)

    async def extra(self, kind: str, values: Mapping[str, Any]) -> Dict[str, Any]:
        """Custom fields by name as body entries by key, for ``extra=``."""
        return await self._calls.run(self._calls.native.custom_field_entries, kind, values)

    async def refresh(self) -> None:
        """Reads the field definitions again (after a field was added or changed)."""
        await self._calls.run(self._calls.native.refresh_custom_fields)

    def __repr__(self) -> str:
        return "<pipedrive_rs.aio.AsyncCustomFields>"


class AsyncClient(_State, AsyncResources):
    """A Pipedrive client for asyncio: the resources and methods of
    :class:`pipedrive_rs.Client`, awaitable (see the module docs of
    :mod:`pipedrive_rs.aio`).

    ::

        async with pipedrive_rs.AsyncClient() as client:
            deal = await client.v2.deals.create(title="Forty licences")

    Args:
        api_token: as for :class:`pipedrive_rs.Client`.
        max_concurrency: how many calls run at once (worker threads); further calls
            wait their turn. Default 32. Unless ``max_idle_connections`` is given, the
            client keeps as many connections open for reuse.
        **options: every keyword option of :class:`pipedrive_rs.Client`, with the same
            meaning and defaults.
    """

    def __init__(
        self,
        api_token: Optional[str] = None,
        *,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        **options: Unpack[ClientOptions],
    ) -> None:
        if (
            not isinstance(max_concurrency, int)
            or isinstance(max_concurrency, bool)
            or max_concurrency < 1
        ):
            from .errors import InvalidInputError

            raise InvalidInputError(
                f"max_concurrency must be a whole number of at least 1, got {max_concurrency!r}"
            )
        if options.get("max_idle_connections") is None:
            options["max_idle_connections"] = max_concurrency
        # Checked first, by Rust (`max_idle_connections` takes the same number).
        self._native = _open_native(api_token, **options)
        self._executor = ThreadPoolExecutor(
            max_workers=max_concurrency, thread_name_prefix="pipedrive_rs"
        )
        self._calls = _Calls(self._native, self._executor)
        AsyncResources.__init__(self, self._calls)
        self._v2: Optional[AsyncV2] = None

    @property
    def v2(self) -> AsyncV2:
        """The endpoints of API v2: ``await client.v2.deals.get(1)``."""
        if self._v2 is None:
            from .aio_v2 import AsyncV2

            self._v2 = AsyncV2(self._calls)
        return self._v2

    @property
    def custom_fields(self) -> AsyncCustomFields:
        """Custom fields by name: see :class:`AsyncCustomFields`."""
        return AsyncCustomFields(self._calls)

    async def request(
        self,
        method: str,
        path: str,
        *,
        query: QueryInput = None,
        json: Any = None,
        form: QueryInput = None,
        kind: Optional[str] = None,
    ) -> Any:
        """Calls an endpoint this package does not wrap, as
        :meth:`pipedrive_rs.Client.request`."""
        return await self._calls.run(self._native.request, method, path, query, json, form, kind)

    def paginate(
        self, path: str, *, query: QueryInput = None, search: bool = False
    ) -> AsyncPager[Any]:
        """An async iterator over any GET list endpoint, as
        :meth:`pipedrive_rs.Client.paginate`."""
        return AsyncPager(self._native.paginate(path, query, search), self._calls)

    def close(self) -> None:
        """Drops the connection pool and the worker threads once their calls end. Calls
        not yet started are cancelled; further calls raise :class:`InvalidInputError`."""
        self._native.close()
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def aclose(self) -> None:
        """:meth:`close`, as a coroutine."""
        self.close()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

