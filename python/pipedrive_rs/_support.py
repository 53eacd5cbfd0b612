"""Helpers the generated resource classes use to render arguments the way the Rust
client does (see ``pipedrive_types::wire`` and ``pipedrive_transport::request``)."""

from __future__ import annotations

import enum
import errno
import io
import os
import stat
from typing import IO, TYPE_CHECKING, Any, Dict, List, Optional, Tuple, Union
from urllib.parse import quote

from ._native import Record
from .errors import InvalidInputError

if TYPE_CHECKING:

    class Pagination(Record):
        """v1 offset pagination: ``start``/``limit`` in, ``next_start`` out."""

        start: Optional[int]
        limit: Optional[int]
        more_items_in_collection: Optional[bool]
        next_start: Optional[int]

    class AdditionalData(Record):
        """``additional_data`` of a list page; endpoint extras are read by key."""

        pagination: Optional[Pagination]
        next_cursor: Optional[str]

else:
    # At run time every result object is a Record; these names exist for annotations.
    Pagination = Record
    AdditionalData = Record

Pairs = List[Tuple[str, str]]


class Visibility(str, enum.Enum):
    """Who can see an item (``visible_to``). On Essential/Advanced plans only ``1`` (owner
    and followers) and ``3`` (entire company) exist; the names follow the
    Professional/Enterprise meaning. Plain ints and strings are accepted too."""

    OWNER_ONLY = "1"
    OWNER_VISIBILITY_GROUP = "3"
    OWNER_GROUP_AND_SUBGROUPS = "5"
    ENTIRE_COMPANY = "7"


def required(value: Any, name: str) -> Any:
    """A required body value: None is refused rather than sent as null."""
    if value is None:
        raise InvalidInputError(f"`{name}` is required and cannot be None")
    return value


def text(value: Any, name: str = "value") -> str:
    """A query, form or multipart value as text: strings as-is, booleans as
    ``true``/``false``, numbers in decimal, enum members as their value, lists
    comma-joined."""
    t = type(value)
    if t is str:
        return value  # type: ignore[no-any-return]
    if t is int:
        return str(value)
    if t is bool:
        return "true" if value else "false"
    if t is float:
        return _float(value)
    if value is None:
        raise InvalidInputError(f"`{name}` is required and cannot be None")
    if isinstance(value, enum.Enum):
        return text(value.value, name)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return _float(float(value))
    if isinstance(value, (list, tuple)):
        return ",".join(text(v, name) for v in value if v is not None)
    raise InvalidInputError(
        f"`{name}` cannot be sent as text (got {type(value).__name__})"
    )


def _float(v: float) -> str:
    # Rust's Display for f64: no trailing ".0" for whole numbers, no exponent.
    if v != v or v in (float("inf"), float("-inf")):
        raise InvalidInputError(f"{v} cannot be sent")
    if v.is_integer() and abs(v) < 1e16:
        return str(int(v))
    return repr(v)


def bit(value: Any) -> str:
    """A flag the API wants as ``0``/``1``."""
    return "1" if value else "0"


def seg(value: Any, name: str = "id") -> str:
    """One percent-escaped path segment.

    An empty, ``.`` or ``..`` value is refused: a normalising proxy would turn
    ``/deals/../products/7`` into ``/products/7``, and an empty id turns
    ``/leads/{id}`` into the list endpoint. Everything else is escaped, ``/`` and ``%``
    included, so a value can never add a segment of its own."""
    if type(value) is int:
        return str(value)
    if value is None or isinstance(value, bool):
        raise InvalidInputError(f"`{name}` must be an id, got {value!r}")
    rendered = text(value, name)
    if rendered in ("", ".", ".."):
        raise InvalidInputError(f"`{name}` cannot be {rendered!r}: it is not an id")
    return quote(rendered, safe="")


_ID_MAX = 2**64 - 1


def _not_an_id(value: Any, name: str, kind: str) -> InvalidInputError:
    if value is None:
        return InvalidInputError(f"`{name}` is required and cannot be None")
    return InvalidInputError(
        f"`{name}` must be {kind}, got {type(value).__name__} {_shown(value)}"
    )


def _shown(value: Any) -> str:
    text_ = repr(value)
    return text_ if len(text_) <= 60 else text_[:57] + "..."


def ident(value: Any, name: str = "id") -> int:
    """A numeric id (``DealId``, ``PersonId``, ...) checked before a request is made.

    The Rust and Kotlin clients take these as ``u64``, so their compilers refuse what
    this refuses at run time: anything but an ``int`` (``bool`` included, although it is
    an ``int`` subclass), and ints outside 0..2**64-1. Without the check ``1.5`` went out
    as ``/deals/1.5`` and ``[1, 2]`` as ``/deals/1%2C2``.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        v = int(value)
        if 0 <= v <= _ID_MAX:
            return v
        raise InvalidInputError(f"`{name}` must be an id from 0 to 2**64-1, got {_shown(v)}")
    raise _not_an_id(value, name, "an int id")


def ident_seg(value: Any, name: str = "id") -> str:
    """A numeric id as a path segment (see ``ident``)."""
    return str(ident(value, name))


def idents(value: Any, name: str = "ids") -> List[int]:
    """A list of numeric ids: a list or tuple whose every element passes ``ident``."""
    if not isinstance(value, (list, tuple)):
        raise _not_an_id(value, name, "a list of int ids")
    return [ident(v, name) for v in value]


def text_id(value: Any, name: str = "id") -> str:
    """A text id (a lead's UUID, a channel or call log id): a ``str`` only, so an int
    or a list is refused rather than rendered into the URL."""
    if isinstance(value, str):
        return str.__str__(value)
    raise _not_an_id(value, name, "a str id")


def text_ids(value: Any, name: str = "ids") -> List[str]:
    """A list of text ids (see ``text_id``)."""
    if not isinstance(value, (list, tuple)):
        raise _not_an_id(value, name, "a list of str ids")
    return [text_id(v, name) for v in value]


def as_list(value: Any) -> List[Any]:
    """The result of a method declared to return a list. The server sometimes answers a
    list endpoint with one object (``deals.timeline()`` in the reference's own example)
    or with ``null``: those read as a one-item list and an empty list, as in the Rust
    client, so that iterating the result never walks a record's keys."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def num(value: Any) -> Any:
    """A JSON body number the Rust client sends as a float."""
    if type(value) is int:
        return float(value)
    return value


def vis(value: Any) -> Any:
    """``visible_to``: sent as the string code (``"3"``) like the Rust client does."""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        raise InvalidInputError("`visible_to` must be a visibility code such as 3")
    if isinstance(value, (int, str)):
        return str(value)
    return value


def body(fields: List[Tuple[str, Any]], extra: Optional[Any]) -> Dict[str, Any]:
    """A JSON body: fields left at None are not sent; ``extra`` is merged last, as-is
    (so an explicit None there clears a field)."""
    out: Dict[str, Any] = {k: v for k, v in fields if v is not None}
    if extra:
        out.update(extra)
    return out


def form(fields: List[Tuple[str, Any]], extra: Optional[Any]) -> Pairs:
    """Form-urlencoded pairs: None skipped, the rest rendered as text."""
    out: Pairs = []
    for k, v in fields:
        if v is not None:
            out.append((k, text(v, k)))
    if extra:
        for k, v in dict(extra).items():
            if v is not None:
                out.append((str(k), text(v, str(k))))
    return out


FileInput = Union[
    str,
    "os.PathLike[str]",
    bytes,
    bytearray,
    memoryview,
    IO[bytes],
    Tuple[str, Union[bytes, IO[bytes]]],
    Tuple[str, Union[bytes, IO[bytes]], str],
]


def _check_upload_path(name: str, path: str) -> None:
    """Says what is wrong with a path given as an upload, before a request is made: a
    directory is an ``IsADirectoryError`` (it used to be reported as not found), a
    missing path a ``FileNotFoundError``, anything else that is not a regular file (a
    FIFO, a device) an ``InvalidInputError``."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise FileNotFoundError(errno.ENOENT, f"`{name}`: no such file", path) from None
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(
            errno.EISDIR, f"`{name}`: a directory cannot be uploaded, give a file", path
        )
    if not stat.S_ISREG(st.st_mode):
        raise InvalidInputError(f"`{name}`: {path!r} is not a regular file")


def file_part(name: str, value: Any) -> Tuple[Any, ...]:
    """The multipart part tuple the native client expects for an upload.

    Accepts a path (``str`` or ``os.PathLike``), bytes, a binary file object, or a
    tuple ``(file_name, bytes_or_file)`` / ``(file_name, bytes_or_file, content_type)``.
    """
    file_name: Optional[str] = None
    content_type: Optional[str] = None
    if isinstance(value, tuple):
        if len(value) not in (2, 3):
            raise InvalidInputError(
                f"`{name}` as a tuple is (file_name, content) or (file_name, content, content_type)"
            )
        file_name = str(value[0])
        if len(value) == 3:
            content_type = str(value[2])
        value = value[1]
    if isinstance(value, (str, os.PathLike)):
        path = os.fspath(value)
        if not isinstance(path, str):
            path = os.fsdecode(path)
        _check_upload_path(name, path)
        return ("path", name, path, file_name, content_type)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return ("bytes", name, bytes(value), file_name or "file", content_type)
    if hasattr(value, "read"):
        if file_name is None:
            raw_name = getattr(value, "name", None)
            file_name = os.path.basename(raw_name) if isinstance(raw_name, str) else "file"
        seekable = False
        try:
            seekable = bool(value.seekable())
        except (AttributeError, ValueError, OSError):
            seekable = False
        if isinstance(value, io.TextIOBase):
            raise InvalidInputError(f"`{name}`: open the file in binary mode ('rb')")
        if not seekable:
            data = value.read()
            if not isinstance(data, (bytes, bytearray)):
                raise InvalidInputError(f"`{name}`: open the file in binary mode ('rb')")
            return ("bytes", name, bytes(data), file_name, content_type)
        return ("reader", name, value, file_name, content_type)
    raise InvalidInputError(
        f"`{name}` must be a path, bytes, a binary file object or a (file_name, content) tuple"
    )


DownloadTarget = Union[str, "os.PathLike[str]", IO[bytes]]


def dest(value: Any) -> Any:
    """A download destination: a path as str, or a writable binary file object."""
    if isinstance(value, (str, os.PathLike)):
        path = os.fspath(value)
        return path if isinstance(path, str) else os.fsdecode(path)
    if hasattr(value, "write"):
        if isinstance(value, io.TextIOBase):
            raise InvalidInputError("open the download target in binary mode ('wb')")
        return value
    raise InvalidInputError("download target must be a path or a writable binary file object")
