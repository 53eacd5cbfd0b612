"""pipedrive_rs: a fast, typed client for the Pipedrive CRM API v1, built on pipedrive-rs.

::

    import pipedrive_rs

    client = pipedrive_rs.Client()          # token from PIPEDRIVE_API_TOKEN
    for deal in client.deals.list(status="open"):
        print(deal.id, deal.title, deal.to_dict())

Imports as ``pipedrive_rs`` so it can live beside ``pipedrive-python-lib`` (``pipedrive``).
Requests go through the Rust transport (retries, rate-limit pacing, typed errors) with
the GIL released; results are :class:`Record` objects that keep the parsed JSON in Rust
and convert a field only when it is read.
"""

from typing import TYPE_CHECKING, Any

from . import errors, models
from ._client import DEFAULT, Client
from ._native import Page, PageIterator, Pager, Record
from ._native import config_defaults as config_defaults
from ._native import __version__ as __version__
from ._support import Visibility
from .errors import (
    ApiError,
    AuthenticationError,
    DecodeError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    PipedriveError,
    RateLimitError,
    RequestTimeoutError,
    TransportError,
)
from .errors import TimeoutError as TimeoutError  # noqa: A004 - alias, not in __all__

if TYPE_CHECKING:
    from . import testing as testing


def __getattr__(name: str) -> Any:
    # `pipedrive_rs.testing` is imported on first use: it pulls in subprocess and
    # sockets, which most programs never need.
    if name == "testing":
        import importlib

        return importlib.import_module(".testing", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Client",
    "DEFAULT",
    "config_defaults",
    "Record",
    "Pager",
    "Page",
    "PageIterator",
    "Visibility",
    "errors",
    "models",
    "testing",
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
