"""The exceptions raised by pipedrive_rs.

Every error derives from :class:`PipedriveError` and carries the same attributes, set to
``None`` where they do not apply:

``status``
    HTTP status of the response (``None`` when no response was received).
``error``
    Pipedrive's ``error`` text (or the HTTP reason when the body had none).
``error_info``
    Pipedrive's ``error_info`` text, when it sent one.
``code``
    Pipedrive's error code, as text: ``code``, ``errorCode`` or ``error_code`` of the body
    (whichever it sent; decided in Rust).
``body``
    The start of the raw response body (at most 4 KiB), for diagnostics.

The API token never appears in messages or attributes.

Which class an error becomes is decided once, in Rust (``pipedrive_transport::ErrorClass``),
for every surface alike; ``pipedrive_rs._native.ERROR_CLASSES`` lists the rows and a test
checks them against the classes here:

=================  ===========================================  ==========================
Rust class         Rust ``Error`` variants                      exception
=================  ===========================================  ==========================
``Api``            ``Api`` (other 4xx/5xx, ``success: false``)  :class:`ApiError`
``Unauthorized``   ``Unauthorized``, ``TokenRefresh``           :class:`AuthenticationError`
``Forbidden``      ``Forbidden`` (also the HTML abuse page)     :class:`PermissionDeniedError`
``NotFound``       ``NotFound``                                 :class:`NotFoundError`
``RateLimited``    ``RateLimited`` (also a spent daily budget)  :class:`RateLimitError`
``Timeout``        ``Timeout``                                  :class:`RequestTimeoutError`
``Transport``      ``Transport``, ``Io``, ``BodyTooLarge``,     :class:`TransportError`
                   ``Redirect``, ``Interrupted``
``Decode``         ``Decode``                                   :class:`DecodeError`
``InvalidInput``   ``InvalidInput``, ``MissingToken``           :class:`InvalidInputError`
=================  ===========================================  ==========================

An interrupted call (Ctrl-C during a retry wait or a long read) raises the exception the
signal handler raised, normally ``KeyboardInterrupt``; only when none is pending does it
become a :class:`TransportError`. A panic inside the library (a bug) is a plain
:class:`PipedriveError`.

::

    PipedriveError
    ├── ApiError                 the server answered with an error
    │   ├── AuthenticationError  401 (or a failed OAuth token refresh)
    │   ├── PermissionDeniedError 403 (also the HTML page served after too many 429s)
    │   ├── NotFoundError        404
    │   └── RateLimitError       429 after the retry budget (``retry_after`` in seconds)
    ├── TransportError           no usable answer: connection refused, reset, TLS, a
    │   │                        refused redirect, a body over the limit, local I/O
    │   └── RequestTimeoutError  a timeout expired (also a builtin ``TimeoutError``)
    ├── DecodeError              the answer was not the JSON we expected
    └── InvalidInputError        the call cannot be sent as given (also a ``ValueError``)
"""

from __future__ import annotations

import builtins
from typing import Any, Dict, Optional

__all__ = [
    "PipedriveError",
    "ApiError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "RateLimitError",
    "TransportError",
    "RequestTimeoutError",
    "DecodeError",
    "InvalidInputError",
]


class PipedriveError(Exception):
    """Base class of every error raised by pipedrive_rs."""

    status: Optional[int]
    error: Optional[str]
    error_info: Optional[str]
    code: Optional[str]
    body: Optional[str]

    def __init__(
        self,
        message: str,
        *,
        status: Optional[int] = None,
        error: Optional[str] = None,
        error_info: Optional[str] = None,
        code: Optional[str] = None,
        body: Optional[str] = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.error = error
        self.error_info = error_info
        self.code = code
        self.body = body
        for key, value in extra.items():
            setattr(self, key, value)

    def _fields(self) -> Dict[str, Any]:
        return {k: v for k, v in vars(self).items() if k != "message"}

    def __reduce__(self) -> Any:
        return (_rebuild, (type(self), self.message, self._fields()))

    def __str__(self) -> str:
        return self.message


def _rebuild(cls: type, message: str, fields: Dict[str, Any]) -> PipedriveError:
    err: PipedriveError = cls(message, **fields)
    return err


class ApiError(PipedriveError):
    """The server answered with an error status, or with ``success: false``."""


class AuthenticationError(ApiError):
    """HTTP 401: the token is missing, wrong, expired or revoked."""


class PermissionDeniedError(ApiError):
    """HTTP 403: not allowed (or Pipedrive's HTML page for clients that kept sending
    after being rate limited)."""


class NotFoundError(ApiError):
    """HTTP 404: the object or route does not exist."""


class RateLimitError(ApiError):
    """HTTP 429 that outlasted the retries, or that asked for a longer wait than
    ``max_retry_delay`` (a spent daily budget: ``rate_limit["daily_requests_left"] == 0``).

    ``retry_after`` is how long the server asked to wait, in seconds (or ``None``);
    ``rate_limit`` holds the ``x-ratelimit-*`` and ``x-daily-requests-left`` headers of
    the refusing response.
    """

    retry_after: Optional[float] = None
    rate_limit: Optional[Dict[str, Any]] = None


class TransportError(PipedriveError):
    """The request got no usable answer: connection refused or reset, DNS, TLS, a
    redirect the client refused to follow (``status`` is the 3xx), a body larger than the
    limit, a local I/O failure, an interrupted call with no signal exception pending.

    ``before_send`` is true when nothing reached the server (``None`` when unknown).
    """

    before_send: Optional[bool] = None


class RequestTimeoutError(TransportError, builtins.TimeoutError):
    """A connect, read or total timeout expired. Also a builtin ``TimeoutError``."""

    def __init__(self, message: str, **fields: Any) -> None:
        TransportError.__init__(self, message, **fields)


class DecodeError(PipedriveError):
    """The response could not be decoded (empty, truncated, not JSON, wrong shape)."""


class InvalidInputError(PipedriveError, ValueError):
    """The call cannot be sent as given: a missing token, a bad base URL, a value that
    cannot be rendered, a closed client. Also a ``ValueError``."""


# The same class under the name of the builtin it extends; left out of `__all__` so that
# `from pipedrive_rs.errors import *` never shadows the builtin `TimeoutError`.
TimeoutError = RequestTimeoutError
