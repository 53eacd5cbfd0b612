"""Stubs of the native module (bindings/python). Use the ``pipedrive_rs`` package API."""

import builtins
from datetime import date, time
from decimal import Decimal
from typing import (
    Any,
    Callable,
    Dict,
    Generic,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    TypeVar,
    Union,
    final,
)

from ._support import AdditionalData
from .models import SearchHit

_T = TypeVar("_T")
_T_co = TypeVar("_T_co", covariant=True)

__all__ = [
    "Client",
    "Sandbox",
    "Record",
    "CustomValue",
    "Ref",
    "Pager",
    "SearchHits",
    "PageIterator",
    "Page",
    "CancelToken",
    "operations",
    "config_defaults",
    "register_models",
    "_record_from_json",
    "_debug_panic",
    "_error_sample",
    "ERROR_CLASSES",
    "__version__",
    "RECORD_METHODS",
]
__version__: str

class Unset:
    """The type of :data:`UNSET`."""

    def __bool__(self) -> bool: ...

UNSET: Unset
"""The default of the fields of a PATCH update (``client.v2.deals.update``): leave the
field alone. ``None`` clears the field instead."""
RECORD_METHODS: List[str]

ERROR_CLASSES: Tuple[Tuple[str, str], ...]
"""``(class, exception name)`` for every row of the Rust error table, in table order."""

def _error_sample(variant: str) -> None:
    """Raises the exception a sample transport error of ``variant`` (a Rust ``Error``
    variant name) becomes. For tests."""

class Record:
    """One object of a response: documented fields as attributes (``None`` when the server
    left them out), every field by key, ``to_dict()`` with all fields as received."""

    def __getitem__(self, key: str, /) -> Any: ...
    def __contains__(self, key: object, /) -> bool: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[str]: ...
    def __eq__(self, other: object, /) -> bool: ...
    def get(self, key: str, default: Any = None) -> Any: ...
    def keys(self) -> List[str]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self) -> str: ...
    def custom_field(self, name: str) -> Optional["CustomValue"]:
        """The custom field ``name`` (its name in Pipedrive, e.g. ``"Region"``), typed and
        labelled, or None when it is not set. Uses the field definitions of the client
        that returned this record (``client.custom_fields``); a record not returned by a
        client call raises :class:`InvalidInputError`, as does an unknown name."""
    def __class_getitem__(cls, item: Any) -> Any: ...

class Ref:
    """A reference to another record (``deal.user_id``, ``deal.owner``): ``id`` and
    ``name`` whether the server sent a bare id or an expanded object, the expanded
    object's other fields as attributes. Stands for its id where an int is expected."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> Optional[str]: ...
    @property
    def object(self) -> Optional[Record]: ...
    def __getattr__(self, name: str) -> Any: ...
    def __index__(self) -> int: ...
    def __int__(self) -> int: ...
    # `object` is the property above inside this class: the builtin is spelled in full.
    def __eq__(self, other: builtins.object, /) -> bool: ...
    def __ne__(self, other: builtins.object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class CustomValue:
    """The value of one custom field. ``str(value)`` is the human value: text as is, an
    option's label, ``1200 EUR``, a range as ``start - end``, a person's name."""

    @property
    def kind(self) -> str:
        """``text``, ``number``, ``money``, ``option``, ``options``, ``labels``, ``date``,
        ``date_range``, ``time``, ``time_range``, ``user``, ``person``,
        ``organization``, ``address``, ``phone`` or ``other``."""
    @property
    def value(self) -> Any:
        """The plain value: text, a ``Decimal`` amount, an option id, a list of option
        ids, a ``date``, a ``time`` (UTC), a range's start, a reference's id."""
    @property
    def amount(self) -> Optional[Decimal]:
        """The amount of a number or money value, exact."""
    @property
    def currency(self) -> Optional[str]: ...
    @property
    def id(self) -> Optional[int]: ...
    @property
    def ids(self) -> List[int]: ...
    @property
    def labels(self) -> List[str]: ...
    @property
    def end(self) -> Optional[Union[date, time]]:
        """The end of a date range (a ``date``) or time range (a ``time`` in UTC)."""

@final
class Page(Generic[_T_co]):
    """One page of a list."""

    @property
    def items(self) -> List[_T_co]: ...
    @property
    def additional_data(self) -> Optional[AdditionalData]: ...
    @property
    def related_objects(self) -> Optional[Record]: ...
    @property
    def rate_limit(self) -> Dict[str, Any]: ...
    def __len__(self) -> int: ...
    def _tail(self, start: int) -> "Page[_T_co]": ...
    def __iter__(self) -> Iterator[_T_co]: ...
    def __class_getitem__(cls, item: Any) -> Any: ...

@final
class PageIterator(Generic[_T_co]):
    def __iter__(self) -> "PageIterator[_T_co]": ...
    def __next__(self) -> Page[_T_co]: ...
    def __class_getitem__(cls, item: Any) -> Any: ...

class Pager(Generic[_T_co]):
    """A lazy iterator over every item of a list operation, fetching page by page. Every
    list operation returns one, including those whose items come in one response (a
    pager of one page). A request that fails raises and leaves the pager at that page:
    iterating again fetches it again, so a retry misses and repeats nothing."""

    def __iter__(self) -> "Pager[_T_co]": ...
    def __next__(self) -> _T_co: ...
    def pages(self) -> PageIterator[_T_co]: ...
    def to_list(self) -> List[_T_co]: ...
    def __class_getitem__(cls, item: Any) -> Any: ...

@final
class SearchHits(Pager[SearchHit[_T]]):
    """The hits of a search: a :class:`Pager` of :class:`SearchHit` (``.item``,
    ``.result_score``), best first."""

    def first(self) -> Optional[_T]:
        """The matched object of the next hit (the best match of a fresh search), or
        None when nothing matches. Fetches at most one page."""
        ...

_Query = Union[Mapping[str, Any], Iterable[Tuple[str, Any]], None]

@final
class Client:
    def __new__(
        cls,
        api_token: Optional[str] = None,
        *,
        oauth_token: Optional[str] = None,
        on_token_refresh: Optional[Callable[[], str]] = None,
        company_domain: Optional[str] = None,
        base_url: Optional[str] = None,
        # Left out: Rust's default. None: no limit.
        connect_timeout: Optional[float] = ...,
        read_timeout: Optional[float] = ...,
        timeout: Optional[float] = ...,
        max_retries: Optional[int] = None,
        retry_base_delay: Optional[float] = None,
        max_retry_delay: Optional[float] = None,
        max_idle_connections: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        user_agent: Optional[str] = None,
    ) -> "Client": ...
    @property
    def base_url(self) -> str: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def last_rate_limit(self) -> Optional[Dict[str, Any]]: ...
    def call(
        self,
        op: str,
        args: Tuple[Any, ...],
        custom_fields: Optional[Mapping[str, Any]] = None,
    ) -> Any: ...
    def custom_field(self, record: Record, name: str) -> Optional[CustomValue]: ...
    def custom_field_values(self, record: Record) -> Dict[str, CustomValue]: ...
    def custom_field_key(self, kind: str, name: str) -> str: ...
    def custom_field_entries(self, kind: str, values: Mapping[str, Any]) -> Dict[str, Any]: ...
    def refresh_custom_fields(self) -> None: ...
    def download(self, op: str, args: Tuple[Any, ...], dest: Any) -> int: ...
    def request(
        self,
        method: str,
        path: str,
        query: _Query = None,
        json: Any = None,
        form: _Query = None,
        kind: Optional[str] = None,
    ) -> Any: ...
    def paginate(
        self,
        path: str,
        query: _Query = None,
        search: bool = False,
        kind: Optional[str] = None,
    ) -> Pager[Any]: ...

@final
class CancelToken:
    """Stops a call running on another thread (what ``AsyncClient`` cancels with)."""

    def cancel(self) -> None: ...
    @property
    def cancelled(self) -> bool: ...
    def run(self, f: Callable[..., _T], /, *args: Any) -> _T: ...

@final
class Sandbox:
    """The sandbox server in this process; ``pipedrive_rs.testing.Sandbox`` wraps it."""

    @staticmethod
    def start(
        seed: Optional[int] = None,
        deals: Optional[int] = None,
        token: Optional[str] = None,
        port: Optional[int] = None,
    ) -> Sandbox: ...
    @property
    def url(self) -> str: ...
    @property
    def port(self) -> int: ...
    @property
    def token(self) -> str: ...
    @property
    def running(self) -> bool: ...
    def rate_limit(self, burst: int, retry_after: int = 2) -> None: ...
    def fail_next(self, n: int, status: int = 503) -> None: ...
    def html_403_next(self, n: int) -> None: ...
    def drop_next(self, n: int) -> None: ...
    def truncate_next(self, n: int) -> None: ...
    def remaining_zero_next(self, n: int) -> None: ...
    def answer_next(self, *names: str) -> None: ...
    def delay(self, seconds: float) -> None: ...
    def clear_faults(self) -> None: ...
    def faults(self, settings: Optional[Dict[str, Any]] = None) -> Dict[str, Any]: ...
    def stats(self) -> Dict[str, Any]: ...
    def count(self, collection: str) -> int: ...
    def reset(self) -> None: ...
    def stop(self) -> None: ...

def operations() -> List[Dict[str, Any]]: ...
def config_defaults() -> Dict[str, Any]: ...
def register_models(models: Mapping[str, Sequence[str]]) -> None: ...
def _record_from_json(json: str, kind: Optional[str] = None) -> Record: ...
def _debug_panic(detached: bool) -> None: ...
