"""The public client: configuration plus one attribute per resource."""

from __future__ import annotations

from . import _native
from .resources import Resources

# `typing` and `enum` are only read by type checkers (which take this branch whatever the
# value): importing them costs a short script more than the rest of the package.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import enum
    from types import TracebackType
    from typing import (
        Any,
        Callable,
        Dict,
        Iterable,
        Literal,
        Mapping,
        Optional,
        Tuple,
        Type,
        Union,
    )

    from .v2 import V2

    class _Default(enum.Enum):
        """The type of :data:`DEFAULT`."""

        DEFAULT = "DEFAULT"

    TimeoutValue = Union[float, None, Literal[_Default.DEFAULT]]
    """A timeout keyword: seconds, None for no limit, or :data:`DEFAULT`."""

    QueryInput = Union[Mapping[str, Any], Iterable[Tuple[str, Any]], None]

    from typing import TypedDict

    class ClientOptions(TypedDict, total=False):
        """The keyword options of :class:`Client`, for ``**options`` of the clients that
        take the same ones (:class:`pipedrive_rs.AsyncClient`)."""

        oauth_token: Optional[str]
        on_token_refresh: Optional[Callable[[], str]]
        company_domain: Optional[str]
        base_url: Optional[str]
        connect_timeout: TimeoutValue
        read_timeout: TimeoutValue
        timeout: TimeoutValue
        max_retries: Optional[int]
        retry_base_delay: Optional[float]
        max_retry_delay: Optional[float]
        max_idle_connections: Optional[int]
        max_body_bytes: Optional[int]
        user_agent: Optional[str]

else:

    class _Default:
        """The type of :data:`DEFAULT` (at run time a plain singleton, not an enum)."""

        __slots__ = ()

        def __repr__(self) -> str:
            return "DEFAULT"

        def __reduce__(self) -> str:
            return "DEFAULT"  # pickles as the module global, so it stays the one value

    _Default.DEFAULT = _Default()


DEFAULT = _Default.DEFAULT
"""A timeout keyword's value when not given: the Rust client's default applies. Distinct
from ``None``, which means no limit."""


def _open_native(
    api_token: Optional[str],
    *,
    connect_timeout: TimeoutValue = DEFAULT,
    read_timeout: TimeoutValue = DEFAULT,
    timeout: TimeoutValue = DEFAULT,
    **options: Any,
) -> _native.Client:
    """The native client of :class:`Client` and :class:`pipedrive_rs.AsyncClient`: the
    options as the Rust ``Config`` takes them (checked there)."""
    # A timeout left at DEFAULT is not passed, so Rust applies its default; None is
    # passed through and means no limit.
    for name, value in (
        ("connect_timeout", connect_timeout),
        ("read_timeout", read_timeout),
        ("timeout", timeout),
    ):
        if value is not DEFAULT:
            options[name] = value
    return _native.Client(api_token, **options)


class CustomFields:
    """The account's custom fields, addressed by their names (``client.custom_fields``).

    The field definitions are read from the fields endpoints on first use and kept by
    the client; call :meth:`refresh` after adding or changing a field. A name is matched
    exactly, then as the field key, then ignoring case when that finds one field; an
    unknown name raises :class:`InvalidInputError` naming it. Option labels become
    option ids when writing.

    ::

        deal = client.deals.create(title="Q3", custom_fields={"Region": "EMEA"})
        print(deal.custom_field("Region"))               # EMEA
        client.deals.update(deal.id, custom_fields={"Region": None})   # clears it
    """

    __slots__ = ("_native",)

    def __init__(self, native: _native.Client) -> None:
        self._native = native

    def get(self, record: _native.Record, name: str) -> Optional[_native.CustomValue]:
        """The custom field ``name`` of a deal, lead, person, organization, product or
        activity, or None when it is not set (same as ``record.custom_field(name)``)."""
        return self._native.custom_field(record, name)

    def values(self, record: _native.Record) -> Dict[str, _native.CustomValue]:
        """Every custom field set on a record, by field name, in field order."""
        return self._native.custom_field_values(record)

    def key(self, kind: str, name: str) -> str:
        """The 40-character key of the custom field ``name`` of ``kind`` (``"deal"``,
        ``"person"``, ``"organization"``, ``"product"``, ``"activity"``)."""
        return self._native.custom_field_key(kind, name)

    def extra(self, kind: str, values: Mapping[str, Any]) -> Dict[str, Any]:
        """Custom fields by name as body entries by key, for ``extra=`` of calls without a
        ``custom_fields`` keyword (None clears a field)."""
        return self._native.custom_field_entries(kind, values)

    def refresh(self) -> None:
        """Reads the field definitions again (after a field was added or changed)."""
        self._native.refresh_custom_fields()

    def __repr__(self) -> str:
        return "<pipedrive_rs.CustomFields>"


class _State:
    """What both clients read off their native client."""

    _native: _native.Client

    @property
    def base_url(self) -> str:
        """The base URL requests go to."""
        return self._native.base_url

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return self._native.closed

    @property
    def last_rate_limit(self) -> Optional[Dict[str, Any]]:
        """The ``x-ratelimit-*`` headers of the most recent response (``limit``,
        ``remaining``, ``reset`` in seconds, ``daily_requests_left``), or None."""
        return self._native.last_rate_limit()

    def __repr__(self) -> str:
        name = f"pipedrive_rs.{type(self).__name__}"
        if self.closed:
            return f"{name}(<closed>)"
        return f"{name}(base_url={self.base_url!r})"


class Client(_State, Resources):
    """A Pipedrive API v1 client.

    ::

        import pipedrive_rs

        with pipedrive_rs.Client() as client:          # token from PIPEDRIVE_API_TOKEN
            deal = client.deals.create(title="Forty licences", value=4000, currency="EUR")
            for deal in client.deals.list(status="open"):
                print(deal.id, deal.title)

    One attribute per resource (``client.deals``, ``client.persons``, ...), with the
    method names of the Rust client. A client holds one connection pool and can be
    shared by threads; every network call runs with the GIL released.

    The options have the same names and meaning as the Rust ``Config`` builder and the
    uniffi ``ClientConfig`` record. An option left out takes the Rust client's default
    (listed below; :func:`pipedrive_rs.config_defaults` returns them); times are in
    seconds.

    Args:
        api_token: the API token (sent in the ``x-api-token`` header, never in a URL).
            Without it and without ``oauth_token``, the configuration is read from the
            environment: the token from ``PIPEDRIVE_API_TOKEN`` (an
            :class:`InvalidInputError` naming it when unset), and the base URL from
            ``PIPEDRIVE_BASE_URL`` or ``PIPEDRIVE_COMPANY_DOMAIN`` when set.
        oauth_token: an OAuth access token (sent as ``Authorization: Bearer``), instead
            of an API token.
        on_token_refresh: with ``oauth_token``, a function returning a new access token.
            Called after a 401, on the thread that got it, at most once per call; the
            request is then sent once more with the new token, which the client keeps
            using. If it raises, the call raises :class:`AuthenticationError`.
        company_domain: routes requests through ``https://{company}.pipedrive.com/api/v1``.
        base_url: any base URL (a local sandbox, a mock, a proxy). Plain ``http://`` is
            only accepted for loopback hosts.
        connect_timeout: limit on establishing a connection, TLS included (default 10).
            None: no limit.
        read_timeout: limit on each wait for bytes from the server, for the response
            head and between body chunks (default 60). A slow answer that keeps sending
            is not stopped by it. None: no limit.
        timeout: limit on one whole attempt, connecting to the end of the body, however
            steadily the server sends (default None: no limit). Each retry gets a fresh
            one.
        max_retries: retries of rate-limited, gateway-failed and dropped requests
            (default 3; a POST that may have reached the server is never sent twice).
        retry_base_delay: the first backoff step (default 0.5); retry ``n`` waits a
            random time up to ``retry_base_delay * 2**n``.
        max_retry_delay: the longest single wait before a retry (default 60); a server
            asking for longer gets its error raised instead.
        max_idle_connections: idle connections kept open for reuse, per host (default
            32). Set it to at least the number of threads sharing the client: a
            connection that does not fit is closed, and the next call opens a new one
            (a TLS handshake against the real API).
        max_body_bytes: the largest response body read into memory (default 67108864,
            64 MiB); downloads stream and are not limited.
        user_agent: replaces the default ``pipedrive-rs/<version>`` user agent.

    Ctrl-C (``KeyboardInterrupt``) ends a call that waits before a retry, or reads a
    long body, within about 50 ms.
    """

    def __init__(
        self,
        api_token: Optional[str] = None,
        *,
        oauth_token: Optional[str] = None,
        on_token_refresh: Optional[Callable[[], str]] = None,
        company_domain: Optional[str] = None,
        base_url: Optional[str] = None,
        connect_timeout: TimeoutValue = DEFAULT,
        read_timeout: TimeoutValue = DEFAULT,
        timeout: TimeoutValue = DEFAULT,
        max_retries: Optional[int] = None,
        retry_base_delay: Optional[float] = None,
        max_retry_delay: Optional[float] = None,
        max_idle_connections: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        user_agent: Optional[str] = None,
    ) -> None:
        self._native = _open_native(
            api_token,
            oauth_token=oauth_token,
            on_token_refresh=on_token_refresh,
            company_domain=company_domain,
            base_url=base_url,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            timeout=timeout,
            max_retries=max_retries,
            retry_base_delay=retry_base_delay,
            max_retry_delay=max_retry_delay,
            max_idle_connections=max_idle_connections,
            max_body_bytes=max_body_bytes,
            user_agent=user_agent,
        )
        Resources.__init__(self, self._native)
        self._v2: Optional["V2"] = None

    @property
    def v2(self) -> "V2":
        """The endpoints of API v2, one attribute per resource: ``client.v2.deals.list()``.

        Built on first use (importing ``pipedrive_rs.v2``); it shares this client's
        connection pool and configuration.
        """
        if self._v2 is None:
            from .v2 import V2

            self._v2 = V2(self._native)
        return self._v2

    @property
    def custom_fields(self) -> CustomFields:
        """Custom fields by name: see :class:`CustomFields`."""
        return CustomFields(self._native)

    def request(
        self,
        method: str,
        path: str,
        *,
        query: QueryInput = None,
        json: Any = None,
        form: QueryInput = None,
        kind: Optional[str] = None,
    ) -> Any:
        """Calls an endpoint this package does not wrap and returns the response's
        ``data`` (objects as :class:`Record`). ``path`` is relative to the base URL,
        e.g. ``"/deals/5"``; ``query`` and ``form`` (a mapping or pairs; None values left
        out) are written by the Rust client as it writes every query: text as is, booleans
        ``true``/``false``, numbers in decimal, lists comma-separated."""
        return self._native.request(method, path, query, json, form, kind)

    def paginate(
        self, path: str, *, query: QueryInput = None, search: bool = False
    ) -> _native.Pager[Any]:
        """A lazy iterator over any GET list endpoint (see :meth:`request`)."""
        return self._native.paginate(path, query, search)

    def close(self) -> None:
        """Drops the connection pool. Further calls raise :class:`InvalidInputError`."""
        self._native.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

