"""Errors: one hierarchy, Pipedrive's texts kept, the token never shown, panics caught."""

from __future__ import annotations

import builtins
import pickle
import threading
from typing import Any, Type

import pytest

import pipedrive_rs
from pipedrive_rs import _native
from conftest import CALLS_DEPRECATED_V1, TOKEN, MockServer, Recorded, Reply

pytestmark = CALLS_DEPRECATED_V1


def failure(error: str, info: str = "") -> Any:
    body: Any = {"success": False, "error": error, "data": None}
    if info:
        body["error_info"] = info
    return body


@pytest.mark.parametrize(
    "status, cls",
    [
        (400, pipedrive_rs.ApiError),
        (401, pipedrive_rs.AuthenticationError),
        (402, pipedrive_rs.ApiError),
        (403, pipedrive_rs.PermissionDeniedError),
        (404, pipedrive_rs.NotFoundError),
        (410, pipedrive_rs.ApiError),
        (422, pipedrive_rs.ApiError),
        (500, pipedrive_rs.ApiError),
    ],
)
def test_status_classes(
    status: int, cls: Type[pipedrive_rs.PipedriveError], client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(Reply(status, failure("Deal not found", "See the docs")))
    with pytest.raises(cls) as info:
        client.deals.get(1)
    e = info.value
    assert isinstance(e, pipedrive_rs.PipedriveError) and isinstance(e, pipedrive_rs.ApiError)
    assert e.status == status
    assert e.error == "Deal not found"
    assert e.error_info == "See the docs"
    assert "Deal not found" in str(e)
    assert e.body is not None and "Deal not found" in e.body


def test_success_false_on_200(client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(Reply(200, {"success": False, "error": "nope", "errorCode": 7}))
    with pytest.raises(pipedrive_rs.ApiError) as info:
        client.deals.get(1)
    assert info.value.status == 200 and info.value.error == "nope" and info.value.code == "7"


def test_rate_limit_carries_retry_after(client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(
        Reply(
            429,
            failure("Too many requests"),
            headers={"retry-after": "7", "x-ratelimit-remaining": "0", "x-ratelimit-limit": "80"},
        )
    )
    with pytest.raises(pipedrive_rs.RateLimitError) as info:
        client.deals.get(1)
    e = info.value
    assert e.status == 429 and e.retry_after == 7.0 and e.error == "Too many requests"
    assert e.rate_limit is not None and e.rate_limit["remaining"] == 0
    assert client.last_rate_limit is not None and client.last_rate_limit["limit"] == 80


def test_rate_limit_is_retried_within_the_budget(mock: MockServer) -> None:
    mock.reply(
        Reply(429, failure("slow down"), headers={"retry-after": "0"}),
        Reply(200, {"success": True, "data": {"id": 1}}),
    )
    with pipedrive_rs.Client(TOKEN, base_url=mock.url, max_retries=2) as c:
        assert c.deals.get(1).id == 1
    assert len(mock.requests) == 2


def test_html_403_is_classified(client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(Reply(403, "<html><body>Forbidden</body></html>", content_type="text/html"))
    with pytest.raises(pipedrive_rs.PermissionDeniedError) as info:
        client.deals.get(1)
    assert info.value.status == 403 and info.value.body is not None and "<html>" in info.value.body


def test_undecodable_body(client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(Reply(200, "{not json"))
    with pytest.raises(pipedrive_rs.DecodeError) as info:
        client.deals.get(1)
    assert info.value.status == 200 and info.value.body == "{not json"


def test_connection_refused_is_transport_error() -> None:
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pipedrive_rs.Client(TOKEN, base_url=f"http://127.0.0.1:{port}/v1", max_retries=0) as c:
        with pytest.raises(pipedrive_rs.TransportError) as info:
            c.deals.get(1)
    assert info.value.status is None and info.value.before_send is True


def test_timeout_is_also_a_builtin_timeout_error(mock: MockServer) -> None:
    release = threading.Event()

    def slow(_: Recorded) -> Reply:
        release.wait(10)
        return Reply(200, {"success": True, "data": None})

    mock.reply(slow)
    try:
        with pipedrive_rs.Client(TOKEN, base_url=mock.url, max_retries=0, timeout=0.2) as c:
            with pytest.raises(pipedrive_rs.RequestTimeoutError) as info:
                c.deals.get(1)
    finally:
        release.set()
    assert isinstance(info.value, builtins.TimeoutError)
    assert isinstance(info.value, pipedrive_rs.TransportError)
    assert pipedrive_rs.TimeoutError is pipedrive_rs.RequestTimeoutError


def test_token_never_appears(client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(Reply(401, failure(f"bad token {TOKEN}")))
    with pytest.raises(pipedrive_rs.AuthenticationError) as info:
        client.deals.get(1)
    e = info.value
    for text in (str(e), repr(e), e.error or "", e.body or "", repr(client)):
        assert TOKEN not in text
    assert "***" in str(e)


def test_configuration_errors() -> None:
    with pytest.raises(pipedrive_rs.InvalidInputError):
        pipedrive_rs.Client(TOKEN, base_url="http://example.com/v1")  # plain http, not loopback
    with pytest.raises(pipedrive_rs.InvalidInputError):
        pipedrive_rs.Client("bad token with spaces")
    with pytest.raises(pipedrive_rs.InvalidInputError):
        pipedrive_rs.Client(TOKEN, timeout=-1)


def test_missing_token_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PIPEDRIVE_API_TOKEN", "PIPEDRIVE_BASE_URL", "PIPEDRIVE_COMPANY_DOMAIN"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(pipedrive_rs.InvalidInputError, match="PIPEDRIVE_API_TOKEN"):
        pipedrive_rs.Client()
    monkeypatch.setenv("PIPEDRIVE_API_TOKEN", "env-token")
    c = pipedrive_rs.Client(base_url="http://127.0.0.1:9/v1")
    assert c.base_url == "http://127.0.0.1:9/v1"
    assert pipedrive_rs.Client(company_domain="acme").base_url == "https://acme.pipedrive.com/api/v1"
    assert pipedrive_rs.Client().base_url == "https://api.pipedrive.com/v1"


def test_closed_client(mock: MockServer) -> None:
    c = pipedrive_rs.Client(TOKEN, base_url=mock.url)
    with c:
        pass
    assert c.closed
    with pytest.raises(pipedrive_rs.InvalidInputError, match="closed"):
        c.deals.get(1)


def test_errors_pickle() -> None:
    e = pipedrive_rs.RateLimitError("x", status=429, error="slow", retry_after=2.0)
    again = pickle.loads(pickle.dumps(e))
    assert type(again) is pipedrive_rs.RateLimitError
    assert (again.status, again.error, again.retry_after) == (429, "slow", 2.0)


def test_a_panic_without_the_gil_becomes_a_pipedrive_error() -> None:
    with pytest.raises(pipedrive_rs.PipedriveError, match="deliberate panic"):
        _native._debug_panic(True)


def test_a_panic_with_the_gil_is_still_an_exception() -> None:
    # PyO3 wraps every entry point in catch_unwind; a panic there arrives as
    # pyo3_runtime.PanicException (a BaseException), never as an abort.
    with pytest.raises(BaseException, match="deliberate panic") as info:
        _native._debug_panic(False)
    assert type(info.value).__name__ == "PanicException"
