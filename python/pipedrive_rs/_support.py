"""What the generated resource classes need besides the native client: annotation-only
result types, the ``Visibility`` codes, and the conversion of a file or download target
into what the native client reads. Nothing here puts a value on the wire: the Rust
operation table checks every argument and builds every request."""

from __future__ import annotations

import errno
import io
import os
import stat

from ._native import Record

# `typing`, `enum` and `.errors` are not imported at run time: `import pipedrive_rs`
# stays cheap (typing pulls in re, enum, functools, collections, ...). Type checkers
# take this branch (they read TYPE_CHECKING as true whatever its value).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from decimal import Decimal
    from typing import IO, Any, Optional, Tuple, Union

    from ._visibility import Visibility as Visibility

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

    DownloadTarget = Union[str, "os.PathLike[str]", IO[bytes]]

    from typing import TypedDict

    class _ContactValue(TypedDict):
        value: str

    class ContactEntry(_ContactValue, total=False):
        """A person's email address or phone number with its details; a bare ``str`` is
        accepted wherever this is. Checked in Rust: another key or type is an
        :class:`InvalidInputError`."""

        primary: bool
        label: str

    # What a money or quantity parameter takes; it is sent with exactly its digits
    # (a float with the shortest digits that read back as it, text must be a decimal).
    Money = Union[int, float, str, Decimal]

    class LeadValueInput(TypedDict):
        """A lead's potential value: ``{"amount": Decimal("2500.00"), "currency": "EUR"}``.
        Checked in Rust: a missing or other key, or an amount that is not one, is an
        :class:`InvalidInputError`."""

        amount: Money
        currency: str

    class _OptionLabel(TypedDict):
        label: str

    class FieldOptionInput(_OptionLabel, total=False):
        """An option of an ``enum`` or ``set`` custom field: ``{"label": "Hot"}``, with
        ``id`` to keep an existing option when changing a field's options; a bare ``str``
        label is accepted wherever this is. Checked in Rust."""

        id: int

    class _PriceValue(TypedDict):
        currency: str
        price: Money

    class PriceInput(_PriceValue, total=False):
        """A product's price in one currency, with optional costs (``overhead_cost`` on
        v1, ``direct_cost`` on v2) and a note:
        ``{"currency": "EUR", "price": Decimal("120.00"), "cost": 80}``. Checked in Rust
        like :class:`LeadValueInput`."""

        cost: Money
        overhead_cost: Money
        direct_cost: Money
        notes: str

else:
    # At run time every result object is a Record; these names exist for annotations.
    Pagination = Record
    AdditionalData = Record


def __getattr__(name: str) -> Any:
    # `Visibility` is an enum: built when first asked for (by `pipedrive_rs.models` or
    # `pipedrive_rs.Visibility`), so that importing the package does not import `enum`.
    if name == "Visibility":
        from ._visibility import Visibility

        globals()["Visibility"] = Visibility
        return Visibility
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _invalid(message: str) -> Exception:
    from .errors import InvalidInputError

    return InvalidInputError(message)


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
        raise _invalid(f"`{name}`: {path!r} is not a regular file")


def file_part(name: str, value: Any) -> Tuple[Any, ...]:
    """The multipart part tuple the native client expects for an upload.

    Accepts a path (``str`` or ``os.PathLike``), bytes, a binary file object, or a
    tuple ``(file_name, bytes_or_file)`` / ``(file_name, bytes_or_file, content_type)``.
    """
    file_name: Optional[str] = None
    content_type: Optional[str] = None
    if isinstance(value, tuple):
        if len(value) not in (2, 3):
            raise _invalid(
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
            raise _invalid(f"`{name}`: open the file in binary mode ('rb')")
        if not seekable:
            data = value.read()
            if not isinstance(data, (bytes, bytearray)):
                raise _invalid(f"`{name}`: open the file in binary mode ('rb')")
            return ("bytes", name, bytes(data), file_name, content_type)
        return ("reader", name, value, file_name, content_type)
    raise _invalid(
        f"`{name}` must be a path, bytes, a binary file object or a (file_name, content) tuple"
    )


def dest(value: Any) -> Any:
    """A download destination: a path as str, or a writable binary file object."""
    if isinstance(value, (str, os.PathLike)):
        path = os.fspath(value)
        return path if isinstance(path, str) else os.fsdecode(path)
    if hasattr(value, "write"):
        if isinstance(value, io.TextIOBase):
            raise _invalid("open the download target in binary mode ('wb')")
        return value
    raise _invalid("download target must be a path or a writable binary file object")
