"""The error table (DESIGN.md "One error taxonomy"), driven row by row through the
sandbox's faults: exception class and the fields every class carries.

The Rust (``tests/tests/error_taxonomy.rs``) and uniffi (``bindings/ffi/src/taxonomy_tests.rs``)
surfaces drive the same rows. Variants no public Python call can reach (local I/O, an
interrupt without a pending signal) go through ``_native._error_sample``, which raises
what a real error of that variant becomes.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Callable, Dict, Iterator, List, Optional, Tuple, Type

import pytest

import pipedrive_rs
from pipedrive_rs import _native, errors
from pipedrive_rs.testing import Sandbox
from conftest import CALLS_DEPRECATED_V1

pytestmark = CALLS_DEPRECATED_V1

TOKEN = "taxonomy-token-py-9f8e7d6c"
FAULT_CODE = "E_SANDBOX_FAULT"  # pipedrive_sandbox::FAULT_CODE
FAULT_INFO = "Injected by the pipedrive-rs sandbox."  # pipedrive_sandbox::FAULT_INFO
# The sandbox's error_info on its own (not named) error answers.
SANDBOX_INFO = "Please check developers.pipedrive.com for more information about Pipedrive API."
REDIRECT_TARGET = "http://pipedrive.invalid/v1/moved"  # pipedrive_sandbox::REDIRECT_TARGET

# The table as DESIGN.md states it: Rust class -> Python exception.
TABLE: Dict[str, Type[errors.PipedriveError]] = {
    "Api": errors.ApiError,
    "Unauthorized": errors.AuthenticationError,
    "Forbidden": errors.PermissionDeniedError,
    "NotFound": errors.NotFoundError,
    "RateLimited": errors.RateLimitError,
    "Timeout": errors.RequestTimeoutError,
    "Transport": errors.TransportError,
    "Decode": errors.DecodeError,
    "InvalidInput": errors.InvalidInputError,
}

# Every Rust `Error` variant -> its class.
VARIANTS: Dict[str, str] = {
    "Api": "Api",
    "Unauthorized": "Unauthorized",
    "TokenRefresh": "Unauthorized",
    "Forbidden": "Forbidden",
    "NotFound": "NotFound",
    "RateLimited": "RateLimited",
    "Timeout": "Timeout",
    "Transport": "Transport",
    "Io": "Transport",
    "BodyTooLarge": "Transport",
    "Redirect": "Transport",
    "Interrupted": "Transport",
    "Decode": "Decode",
    "InvalidInput": "InvalidInput",
    "MissingToken": "InvalidInput",
}

LIST_DEALS: Callable[[pipedrive_rs.Client], object] = lambda c: c.deals.list().to_list()


@dataclass
class Row:
    """One way of ending a call, and what the exception must carry."""

    name: str
    faults: Dict[str, object]
    cls: Type[errors.PipedriveError]
    status: Optional[int] = None
    error: Optional[str] = None
    error_info: Optional[str] = None
    code: Optional[str] = None
    body_has: Optional[str] = None
    timeout: Optional[float] = 60.0


def coded(name: str, status: int, error: str, cls: Type[errors.PipedriveError]) -> Row:
    return Row(
        name,
        {"answer_next": [name]},
        cls,
        status=status,
        error=error,
        error_info=FAULT_INFO,
        code=FAULT_CODE,
        body_has=FAULT_CODE,
    )


ROWS: List[Row] = [
    coded("error-500", 500, "Internal Server Error", errors.ApiError),
    Row(
        "success-false",
        {"answer_next": ["success-false"]},
        errors.ApiError,
        status=200,
        error="The request could not be completed",
        error_info=FAULT_INFO,
        code=FAULT_CODE,
        body_has='"success":false',
    ),
    coded("error-401", 401, "Unauthorized", errors.AuthenticationError),
    coded("error-403", 403, "Forbidden", errors.PermissionDeniedError),
    Row(
        "html-403",
        {"html_403_next": 1},
        errors.PermissionDeniedError,
        status=403,
        error="Forbidden",
        body_has="<h1>403 Forbidden</h1>",
    ),
    coded("error-404", 404, "Not Found", errors.NotFoundError),
    Row(
        "429",
        {"fail_next": {"n": 1, "status": 429}},
        errors.RateLimitError,
        status=429,
        error="Request over limit",
        error_info=SANDBOX_INFO,
        code="429",
        body_has="Request over limit",
    ),
    Row(
        "daily-budget",
        {"answer_next": ["daily-budget"]},
        errors.RateLimitError,
        status=429,
        error="Daily API token budget exceeded",
        error_info=FAULT_INFO,
        code="429",
        body_has="Daily API token budget exceeded",
    ),
    Row(
        "slow answer",
        {"delay_ms": 1000},
        errors.RequestTimeoutError,
        timeout=0.2,
    ),
    Row("dropped connection", {"drop_next": 1}, errors.TransportError),
    Row("redirect", {"answer_next": ["redirect"]}, errors.TransportError, status=302),
    Row("oversized", {"answer_next": ["oversized"]}, errors.TransportError),
    Row(
        "not-json",
        {"answer_next": ["not-json"]},
        errors.DecodeError,
        status=200,
        body_has="Down for maintenance",
    ),
]


@pytest.fixture
def faults(sandbox_server: Sandbox) -> Iterator[Sandbox]:
    sandbox_server.clear_faults()
    yield sandbox_server
    sandbox_server.clear_faults()


def assert_no_token(e: BaseException) -> None:
    texts = [str(e), repr(e), repr(vars(e))]
    assert not any(TOKEN in t for t in texts), texts


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_row(row: Row, faults: Sandbox) -> None:
    with pipedrive_rs.Client(
        TOKEN, base_url=faults.url, max_retries=0, timeout=row.timeout
    ) as client:
        faults.faults(**row.faults)
        with pytest.raises(errors.PipedriveError) as raised:
            LIST_DEALS(client)
    e = raised.value
    assert type(e) is row.cls, repr(e)
    got = (e.status, e.error, e.error_info, e.code)
    assert got == (row.status, row.error, row.error_info, row.code), repr(vars(e))
    if row.body_has is None:
        assert e.body is None, e.body
    else:
        assert e.body is not None and row.body_has in e.body, e.body
    assert_no_token(e)


def test_failed_token_refresh_is_an_authentication_error(faults: Sandbox) -> None:
    def refresh() -> str:
        raise RuntimeError(f"the refresh token was revoked ({TOKEN})")

    with pipedrive_rs.Client(
        oauth_token=TOKEN, on_token_refresh=refresh, base_url=faults.url, max_retries=0
    ) as client:
        faults.faults(answer_next=["error-401"])
        with pytest.raises(errors.PipedriveError) as raised:
            LIST_DEALS(client)
    e = raised.value
    assert type(e) is errors.AuthenticationError, repr(e)
    # A refresh is only asked for after a 401; the text is the hook's, not the server's.
    assert (e.status, e.error, e.error_info, e.code, e.body) == (401, None, None, None, None)
    assert "revoked" in str(e)
    assert_no_token(e)


def test_rate_limit_fields(faults: Sandbox) -> None:
    with pipedrive_rs.Client(TOKEN, base_url=faults.url, max_retries=3) as client:
        # An hour's wait is beyond the retry budget, so even with retries allowed the
        # spent daily budget ends the call at once.
        faults.faults(answer_next=["daily-budget"])
        with pytest.raises(errors.RateLimitError) as raised:
            LIST_DEALS(client)
    e = raised.value
    assert e.retry_after == 3600.0
    assert e.rate_limit is not None and e.rate_limit["daily_requests_left"] == 0
    # The one queued answer was used up by the one request.
    assert faults.faults()["answer_next"] == []


def test_timeout_is_also_the_builtin(faults: Sandbox) -> None:
    with pipedrive_rs.Client(TOKEN, base_url=faults.url, max_retries=0, timeout=0.2) as client:
        faults.faults(delay_ms=1000)
        with pytest.raises(builtins.TimeoutError):
            LIST_DEALS(client)


def test_redirect_names_where_it_pointed(faults: Sandbox) -> None:
    with pipedrive_rs.Client(TOKEN, base_url=faults.url, max_retries=0) as client:
        faults.faults(answer_next=["redirect"])
        with pytest.raises(errors.TransportError) as raised:
            LIST_DEALS(client)
    assert REDIRECT_TARGET in str(raised.value)


def test_invalid_input_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(errors.InvalidInputError) as bad_url:
        pipedrive_rs.Client(TOKEN, base_url="ftp://example.com/v1")
    assert isinstance(bad_url.value, ValueError)
    assert (bad_url.value.status, bad_url.value.body) == (None, None)
    assert_no_token(bad_url.value)
    # MissingToken as the native layer raises it (the package checks the variable first).
    monkeypatch.delenv("PIPEDRIVE_API_TOKEN", raising=False)
    with pytest.raises(errors.InvalidInputError) as missing:
        _native.Client(None)
    assert "PIPEDRIVE_API_TOKEN" in str(missing.value)
    with pytest.raises(ValueError):
        pipedrive_rs.Client()


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_variant_maps_to_its_class(variant: str) -> None:
    with pytest.raises(errors.PipedriveError) as raised:
        _native._error_sample(variant)
    assert type(raised.value) is TABLE[VARIANTS[variant]], repr(raised.value)
    # Every class carries every field, set or None.
    for field in ("status", "error", "error_info", "code", "body"):
        assert hasattr(raised.value, field), field


def test_sample_fields_survive_the_mapping() -> None:
    with pytest.raises(errors.RateLimitError) as rate:
        _native._error_sample("RateLimited")
    assert (rate.value.retry_after, rate.value.code) == (2.0, "429")
    assert rate.value.rate_limit == {
        "limit": None,
        "remaining": 0,
        "reset": None,
        "daily_requests_left": None,
    }
    with pytest.raises(errors.TransportError) as redirect:
        _native._error_sample("Redirect")
    assert redirect.value.status == 302
    with pytest.raises(errors.NotFoundError) as nf:
        _native._error_sample("NotFound")
    assert (nf.value.error_info, nf.value.code, nf.value.body) == ("info", "E404", "{}")


def test_native_table_matches_the_python_classes() -> None:
    native: Tuple[Tuple[str, str], ...] = _native.ERROR_CLASSES
    assert {rust: name for rust, name in native} == {k: v.__name__ for k, v in TABLE.items()}
    # Every exception errors.py exports is a row of the table (or the base class).
    exported = {n for n in errors.__all__ if n != "PipedriveError"}
    assert exported == {name for _, name in native}
    for _, name in native:
        assert issubclass(getattr(errors, name), errors.PipedriveError), name
        assert getattr(pipedrive_rs, name) is getattr(errors, name), name
    assert issubclass(errors.RequestTimeoutError, builtins.TimeoutError)
    assert errors.TimeoutError is errors.RequestTimeoutError
    assert issubclass(errors.InvalidInputError, ValueError)


def test_every_class_has_a_sandbox_row() -> None:
    assert {r.cls for r in ROWS} | {errors.InvalidInputError} == set(TABLE.values())
