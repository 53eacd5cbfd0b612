"""The public client: configuration plus one attribute per resource."""

from __future__ import annotations

import os
from types import TracebackType
from typing import Any, Dict, Iterable, Mapping, Optional, Tuple, Type, Union

from . import _native
from .errors import InvalidInputError
from .resources import Resources

TOKEN_ENV_VAR = "PIPEDRIVE_API_TOKEN"

QueryInput = Union[Mapping[str, Any], Iterable[Tuple[str, Any]], None]


class Client(Resources):
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

    Args:
        api_token: the API token (sent in the ``x-api-token`` header, never in a URL).
            Defaults to the ``PIPEDRIVE_API_TOKEN`` environment variable.
        company_domain: routes requests through ``https://{company}.pipedrive.com/api/v1``.
        base_url: any base URL (a local sandbox, a mock, a proxy). Plain ``http://`` is
            only accepted for loopback hosts.
        timeout: seconds to wait for each read from the connection (None: no limit).
        connect_timeout: seconds to wait for a connection (None: no limit).
        total_timeout: seconds one whole attempt may take, body included (None: no limit).
        max_retries: retries of rate-limited, gateway-failed and dropped requests (a POST
            that may have reached the server is never sent twice).
        oauth_token: an OAuth access token, instead of an API token.
        user_agent: replaces the default ``pipedrive-rs/<version>`` user agent.
        max_retry_delay: the longest single wait before a retry, in seconds.
        max_idle_connections: idle connections kept open for reuse (per host). Set it
            to at least the number of threads sharing the client; None keeps the
            default of 32. A connection that does not fit is closed, and the next call
            opens a new one (a TLS handshake against the real API).

    Ctrl-C (``KeyboardInterrupt``) ends a call that waits before a retry, or reads a
    long body, within about 50 ms.
    """

    def __init__(
        self,
        api_token: Optional[str] = None,
        *,
        company_domain: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = 60.0,
        connect_timeout: Optional[float] = 10.0,
        total_timeout: Optional[float] = None,
        max_retries: int = 3,
        oauth_token: Optional[str] = None,
        user_agent: Optional[str] = None,
        max_retry_delay: Optional[float] = None,
        max_idle_connections: Optional[int] = None,
    ) -> None:
        if api_token is None and oauth_token is None:
            api_token = os.environ.get(TOKEN_ENV_VAR, "").strip() or None
            if api_token is None:
                raise InvalidInputError(
                    f"no Pipedrive API token: pass api_token= or set {TOKEN_ENV_VAR}"
                )
        if max_retries < 0:
            raise InvalidInputError("max_retries cannot be negative")
        if max_idle_connections is not None and (
            type(max_idle_connections) is not int or max_idle_connections < 0
        ):
            raise InvalidInputError("max_idle_connections must be an int >= 0")
        self._native = _native.Client(
            api_token,
            oauth_token=oauth_token,
            company_domain=company_domain,
            base_url=base_url,
            timeout=timeout,
            connect_timeout=connect_timeout,
            total_timeout=total_timeout,
            max_retries=max_retries,
            user_agent=user_agent,
            max_retry_delay=max_retry_delay,
            max_idle_connections=max_idle_connections,
        )
        Resources.__init__(self, self._native)

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
        e.g. ``"/deals/5"``; ``query`` and ``form`` values are rendered like the
        generated methods render theirs."""
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

    def __repr__(self) -> str:
        if self.closed:
            return "pipedrive_rs.Client(<closed>)"
        return f"pipedrive_rs.Client(base_url={self.base_url!r})"
