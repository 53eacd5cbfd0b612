"""pipedrive_rs: a fast, typed client for the Pipedrive CRM API (v1 and v2), built on
pipedrive-rs.

::

    import pipedrive_rs

    client = pipedrive_rs.Client()          # token from PIPEDRIVE_API_TOKEN
    for deal in client.v2.deals.list(status="open"):
        print(deal.id, deal.title, deal.to_dict())

Imports as ``pipedrive_rs`` so it can live beside ``pipedrive-python-lib`` (``pipedrive``).
Requests go through the Rust transport (retries, rate-limit pacing, typed errors) with
the GIL released; results are :class:`Record` objects that keep the parsed JSON in Rust
and convert a field only when it is read. :class:`AsyncClient` (``pipedrive_rs.aio``)
is the same surface for asyncio; ``pipedrive_rs.testing`` runs a local sandbox server.
"""

from ._client import DEFAULT, Client, CustomFields
from ._native import UNSET, CustomValue, Page, PageIterator, Pager, Record, Ref, SearchHits
from ._native import config_defaults as config_defaults
from ._native import ERROR_CLASSES as _ERROR_CLASSES
from ._native import __version__ as __version__

# What most programs never touch is imported on first use, through `__getattr__` below:
# the errors (their module imports `typing`), the enums and result types of `models`
# (`enum`; the native module imports `models` itself when it first types a result),
# and `testing` (the in-process sandbox, for tests). Type checkers read the imports in this branch,
# whatever the value of TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from . import aio as aio
    from . import errors as errors
    from . import models as models
    from . import testing as testing
    from ._support import Visibility as Visibility
    from .aio import AsyncClient as AsyncClient
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

# The exception classes, by the Rust error table (`ErrorClass`), plus the base class and
# the `TimeoutError` alias.
_ERRORS = frozenset(name for _, name in _ERROR_CLASSES) | {"PipedriveError", "TimeoutError"}


def __getattr__(name: str) -> "Any":
    value: "Any"
    if name in ("aio", "errors", "models", "testing"):
        from importlib import import_module

        value = import_module("." + name, __name__)
    elif name in _ERRORS:
        from . import errors

        value = getattr(errors, name)
    elif name == "AsyncClient":
        # asyncio is only imported by programs that use it.
        from .aio import AsyncClient

        value = AsyncClient
    elif name == "Visibility":
        from ._support import Visibility

        value = Visibility
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> "list[str]":
    return sorted(set(globals()) | set(__all__) | _ERRORS)


__all__ = [
    "UNSET",
    "Client",
    "AsyncClient",
    "DEFAULT",
    "config_defaults",
    "Record",
    "CustomFields",
    "CustomValue",
    "Ref",
    "Pager",
    "SearchHits",
    "Page",
    "PageIterator",
    "Visibility",
    "aio",
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
