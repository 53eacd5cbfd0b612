"""A local, in-memory Pipedrive for your tests: the pipedrive-rs sandbox server, run
inside this Python process by the package's native module.

::

    from pipedrive_rs.testing import sandbox

    with sandbox(seed=7) as box:
        client = box.client()
        deal = client.v2.deals.create(title="Forty licences")
        assert client.v2.deals.get(deal.id).title == "Forty licences"
        box.fail_next(2, status=503)          # the client's retries get through these
        assert client.v2.deals.get(deal.id).id == deal.id

The server listens on ``127.0.0.1`` (a free port unless you choose one) and answers the
v1 and v2 routes the way Pipedrive does: the same envelopes, pagination, validation
errors and status codes. A seed fills the account with the same demo records every
time (ids included), so tests can rely on them; :meth:`Sandbox.reset` goes back to that
state without restarting. Faults (rate limits, failing statuses, dropped or truncated
answers, delays) are switched on per sandbox to test how your code handles them.

Nothing here needs the repository, cargo or a separate binary: it works from an
installed wheel. With pytest, the ``pipedrive_sandbox`` and ``pipedrive_client``
fixtures (:mod:`pipedrive_rs.pytest_plugin`) are available without any import.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, Dict, Iterator, Optional

from . import _native

if TYPE_CHECKING:
    from ._client import Client

__all__ = ["sandbox", "Sandbox", "SandboxError", "ANY_TOKEN"]

ANY_TOKEN = "sandbox-token"
"""The token :attr:`Sandbox.token` gives when the sandbox accepts any non-empty token."""


class SandboxError(RuntimeError):
    """The sandbox could not start (the port is taken, ...), or a call needs a running
    sandbox and this one is not started or already stopped."""


class Sandbox:
    """One sandbox server. Start it with :meth:`start` or a ``with`` block::

        with Sandbox(seed=7, deals=100) as box:
            ...

    ``seed``: the demo data (3 users, 20 organizations, 50 persons, ``deals`` deals,
    products, activities, leads, custom fields), the same for the same seed; ``None``
    gives an empty account (one user, the default pipeline, the standard fields) and
    ignores ``deals``. ``token``: the only API token the server accepts (others get
    401); without it any non-empty token is accepted. ``port``: where to listen on
    127.0.0.1; by default a free port.
    """

    def __init__(
        self,
        seed: Optional[int] = 1,
        *,
        deals: int = 100,
        token: Optional[str] = None,
        port: Optional[int] = None,
    ) -> None:
        self.seed = seed
        self.deals = deals
        self._token = token
        self._port = port
        self._native: Optional[_native.Sandbox] = None

    # -- life cycle -----------------------------------------------------------------

    def start(self) -> "Sandbox":
        """Starts serving and returns this sandbox; does nothing if it is running.

        Raises :class:`SandboxError` when the server cannot listen (a taken port) and
        ``InvalidInputError`` for a bad argument (a negative seed or count, an empty
        token)."""
        if self._native is not None and self._native.running:
            return self
        from .errors import TransportError

        try:
            self._native = _native.Sandbox.start(
                seed=self.seed,
                deals=self.deals if self.seed is not None else None,
                token=self._token,
                port=self._port,
            )
        except TransportError as e:
            raise SandboxError(str(e)) from e
        return self

    def stop(self) -> None:
        """Stops the server and closes its connections; clients still pointed at it get
        a ``TransportError``. Stopping again does nothing."""
        native, self._native = self._native, None
        if native is not None:
            native.stop()

    @property
    def running(self) -> bool:
        """Whether the server is serving."""
        return self._native is not None and self._native.running

    def __enter__(self) -> "Sandbox":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def _live(self) -> _native.Sandbox:
        native = self._native
        if native is None or not native.running:
            raise SandboxError("the sandbox is not running: call start() or use `with`")
        return native

    # -- where and how to connect ----------------------------------------------------

    @property
    def url(self) -> str:
        """The base URL to give a client: ``http://127.0.0.1:PORT/v1`` (v2 calls go to
        ``/v2`` beside it, as the client does for the real service)."""
        return self._live().url

    @property
    def port(self) -> int:
        """The port the server listens on."""
        return self._live().port

    @property
    def token(self) -> str:
        """The API token clients should send: the ``token`` given, else
        ``"sandbox-token"`` (any non-empty token would do then)."""
        return self._token if self._token is not None else ANY_TOKEN

    def client(self, **kwargs: Any) -> "Client":
        """A :class:`pipedrive_rs.Client` for this sandbox: its :attr:`token` and
        :attr:`url`, plus any client keyword (``max_retries=0``, ``timeout=5``, ...).
        Close it (or use it in a ``with`` block) when done."""
        from ._client import Client

        return Client(self.token, base_url=self.url, **kwargs)

    def __str__(self) -> str:
        return self._native.url if self._native is not None else "<sandbox not started>"

    def __repr__(self) -> str:
        where = self._native.url if self._native is not None else "not started"
        return f"<pipedrive_rs.testing.Sandbox seed={self.seed!r} {where}>"

    # -- faults ----------------------------------------------------------------------

    def fail_next(self, n: int, status: int = 503) -> None:
        """The next ``n`` API requests are answered with ``status`` (400-599) and a
        Pipedrive-style JSON error, without being carried out.

        The client retries 429, 502, 503 and 504 (``max_retries``, 3 by default), so
        ``fail_next(2, 503)`` is invisible to a call apart from the time its retries
        take, while a client with ``max_retries=0`` raises ``ApiError`` with
        ``status == 503``. Other statuses raise at once: 401 ``AuthenticationError``,
        403 ``PermissionDeniedError``, 404 ``NotFoundError``, others ``ApiError``;
        429 raises ``RateLimitError`` (``Retry-After: 1``) once retries run out."""
        self._live().fail_next(n, status)

    def rate_limit(self, burst: int, retry_after: int = 2) -> None:
        """Allows ``burst`` requests per window of ``retry_after`` seconds, then answers
        429 with ``Retry-After`` until the window ends, like Pipedrive's burst limit.

        Every answer then carries ``x-ratelimit-limit``, ``x-ratelimit-remaining`` and
        ``x-ratelimit-reset``, which the client reads to slow down before it is
        refused; a 429 it gets is retried after ``Retry-After``, and raises
        ``RateLimitError`` when retries run out. :meth:`clear_faults` removes it."""
        self._live().rate_limit(burst, retry_after)

    def html_403_next(self, n: int) -> None:
        """The next ``n`` requests get the HTML "403 Forbidden" page Pipedrive serves to
        clients that keep going after a 429; the client raises
        ``PermissionDeniedError`` (not a decode error)."""
        self._live().html_403_next(n)

    def drop_next(self, n: int) -> None:
        """The next ``n`` requests are carried out (a create really creates), then the
        connection is closed without an answer. The client raises ``TransportError``;
        it retries a read, but never a write that may have run, so your code has to
        decide whether to check and try again."""
        self._live().drop_next(n)

    def truncate_next(self, n: int) -> None:
        """The next ``n`` requests are carried out, then answered with only half of the
        body their ``Content-Length`` announces before the connection closes; the
        client raises ``TransportError``."""
        self._live().truncate_next(n)

    def remaining_zero_next(self, n: int) -> None:
        """The next ``n`` successful answers say the burst budget is spent
        (``x-ratelimit-remaining: 0``, ``x-ratelimit-reset: 1``): the client waits
        about a second before its next request instead of being refused."""
        self._live().remaining_zero_next(n)

    def answer_next(self, *names: str) -> None:
        """Queues whole answers for the next requests, one each, in order:
        ``"redirect"`` (302 to plain HTTP elsewhere: ``TransportError``, the token is
        not sent on), ``"oversized"`` (a 1 TiB body announced: ``TransportError``),
        ``"not-json"`` (200 with an HTML page: ``DecodeError``), ``"success-false"``
        (200 with ``success: false``: ``ApiError``), ``"daily-budget"`` (429, the
        company's daily budget spent, ``Retry-After`` an hour: ``RateLimitError`` at
        once), ``"error-<status>"`` such as ``"error-500"`` (a JSON error with
        ``error``, ``error_info`` and ``code``). An unknown name raises
        ``InvalidInputError`` and queues nothing."""
        self._live().answer_next(*names)

    def delay(self, seconds: float) -> None:
        """Every answer waits ``seconds`` first (0 turns it off): for timeouts
        (``RequestTimeoutError``) and for overlapping requests from several threads."""
        self._live().delay(seconds)

    def clear_faults(self) -> None:
        """Switches every fault off (queued answers and counts included)."""
        self._live().clear_faults()

    def faults(self, **settings: Any) -> Dict[str, Any]:
        """Changes fault settings with the keys of the HTTP control route
        ``POST /_sandbox/faults`` and returns the settings now in force; without
        arguments it only returns them.

        Keys: ``clear=True`` (everything off first), ``rate_limit={"burst": 5,
        "retry_after_secs": 1}`` (``None`` removes it), ``fail_next=2`` or
        ``fail_next={"n": 2, "status": 429}``, ``html_403_next``, ``drop_next``,
        ``truncate_next``, ``remaining_zero_next`` (counts), ``answer_next`` (a name
        or a list, see :meth:`answer_next`), ``delay_ms``. All are checked first: a
        bad one raises ``InvalidInputError`` and changes nothing.

        The returned dict has every key: ``rate_limit`` (``None`` or ``{"burst",
        "retry_after_secs"}``), ``fail_next`` (``{"n", "status"}``), the counts left,
        ``delay_ms`` and the queued ``answer_next`` names."""
        result: Dict[str, Any] = self._live().faults(settings)
        return result

    # -- what the server holds -------------------------------------------------------

    def stats(self) -> Dict[str, Any]:
        """The server's counters: ``requests_served`` (API requests answered since the
        start or the last reset), ``max_in_flight`` (the most handled at the same time,
        to check that threads really overlap), ``in_flight``, and ``counts`` (live
        deals, persons, organizations, activities, products, leads, users, files,
        ...)."""
        result: Dict[str, Any] = self._live().stats()
        return result

    def count(self, collection: str) -> int:
        """Live (not deleted) records of a collection: ``"deals"``, ``"persons"``,
        ``"organizations"``, ``"activities"``, ``"products"``, ``"leads"``,
        ``"users"``, ``"files"``, ``"projects"``, ``"tasks"``, ... An unknown name
        raises ``InvalidInputError``."""
        return self._live().count(collection)

    def reset(self) -> None:
        """Puts the account back as it was when the sandbox started: the seeded records
        (ids start over, so a new record gets the same id as after a fresh start), no
        faults, and ``requests_served``/``max_in_flight`` at zero. The URL and token stay;
        clients keep working."""
        self._live().reset()


@contextlib.contextmanager
def sandbox(
    seed: Optional[int] = 1,
    *,
    deals: int = 100,
    token: Optional[str] = None,
    port: Optional[int] = None,
) -> Iterator[Sandbox]:
    """Runs a :class:`Sandbox` for a ``with`` block and yields it, started; it is
    stopped when the block ends. The arguments are :class:`Sandbox`'s."""
    box = Sandbox(seed, deals=deals, token=token, port=port).start()
    try:
        yield box
    finally:
        box.stop()
