"""What the transport refuses or protects, seen from Python: downloads that fail leave the
destination alone, hostile path segments and credentials in a raw path never reach the
server, no token fragment survives in an error body, and debug lines redact query values."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from pathlib import Path

import pytest

import pipedrive_rs
from conftest import CALLS_DEPRECATED_V1, TOKEN, MockServer, Reply

pytestmark = CALLS_DEPRECATED_V1


# ---------------------------------------------------------------- downloads (item 2)


@pytest.mark.parametrize("status", [404, 500])
def test_failed_download_leaves_an_existing_file_untouched(
    status: int, tmp_path: Path, client: pipedrive_rs.Client, mock: MockServer
) -> None:
    keep = tmp_path / "keep.bin"
    keep.write_bytes(b"the user's own data")
    mock.reply(Reply(status, {"success": False, "error": "nope"}))
    with pytest.raises(pipedrive_rs.PipedriveError):
        client.files.download(5, keep)
    assert keep.read_bytes() == b"the user's own data"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.bin"]


def test_failed_download_creates_no_file(
    tmp_path: Path, client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(Reply(404, {"success": False, "error": "File not found"}))
    with pytest.raises(pipedrive_rs.NotFoundError):
        client.files.download(5, str(tmp_path / "new.bin"))
    assert list(tmp_path.iterdir()) == []


def test_successful_download_replaces_the_file(
    tmp_path: Path, client: pipedrive_rs.Client, mock: MockServer
) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"x" * 100_000)
    mock.reply(Reply(body=b"new", content_type="application/octet-stream"))
    assert client.files.download(5, target) == 3
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_download_into_a_missing_directory_is_file_not_found(
    tmp_path: Path, client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(Reply(body=b"abc", content_type="application/octet-stream"))
    with pytest.raises(FileNotFoundError):
        client.files.download(5, tmp_path / "nope" / "x.bin")
    assert mock.requests == []


# ---------------------------------------------------------------- path segments (item 5)


@pytest.mark.parametrize("bad", ["..", ".", ""])
def test_dot_and_empty_ids_are_refused_before_sending(
    bad: str, client: pipedrive_rs.Client, mock: MockServer
) -> None:
    with pytest.raises(pipedrive_rs.InvalidInputError):
        client.deals.delete_product(bad, 7)  # type: ignore[arg-type]
    with pytest.raises(pipedrive_rs.InvalidInputError):
        client.leads.get(bad)
    assert mock.requests == []


@pytest.mark.parametrize(
    "path", ["/leads/..", "/deals/../products/7", "/leads/", "/leads/%2e%2e", "/deals//x"]
)
def test_dot_and_empty_segments_in_a_raw_path_are_refused(
    path: str, client: pipedrive_rs.Client, mock: MockServer
) -> None:
    with pytest.raises(pipedrive_rs.InvalidInputError):
        client.request("GET", path)
    assert mock.requests == []


def test_ids_with_dots_or_slashes_stay_one_segment(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(Reply(body={"success": True, "data": {"id": "x"}}))
    client.leads.get("a..b")
    client.leads.get("a/b")
    client.leads.get("%2e%2e")
    assert [r.path for r in mock.requests] == [
        "/v1/leads/a..b",
        "/v1/leads/a%2Fb",
        "/v1/leads/%252e%252e",
    ]
    # A proxy that decodes %2F would see `..` as a segment of its own: refused too.
    with pytest.raises(pipedrive_rs.InvalidInputError):
        client.leads.get("../x")
    assert len(mock.requests) == 3


# ---------------------------------------------------------------- credentials in a raw path (item 7)


@pytest.mark.parametrize(
    "path",
    [
        f"/deals?api_token={TOKEN}",
        f"/deals?start=0&API_TOKEN={TOKEN}",
        f"/deals?api%5Ftoken={TOKEN}",
        f"/deals?api_token[]={TOKEN}",
    ],
)
def test_api_token_in_a_raw_path_is_refused_and_not_logged(
    path: str, client: pipedrive_rs.Client, mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="pipedrive_rs"):
        with pytest.raises(pipedrive_rs.InvalidInputError) as info:
            client.request("GET", path)
    assert mock.requests == []
    assert TOKEN not in str(info.value)
    assert TOKEN not in caplog.text


def test_debug_line_redacts_query_values_that_are_not_numbers_or_flags(
    client: pipedrive_rs.Client, mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    mock.reply(Reply(body={"success": True, "data": []}))
    with caplog.at_level(logging.DEBUG, logger="pipedrive_rs"):
        client.request(
            "GET",
            f"/deals?note={TOKEN}&start=0",
            query={
                "term": f"x{TOKEN}",
                "limit": 5,
                "exact_match": True,
                "ids": [1, 2],
                "status": "open",
            },
        )
    lines = [r.getMessage() for r in caplog.records if r.name == "pipedrive_rs"]
    assert len(lines) == 1
    assert TOKEN not in lines[0]
    assert "/deals?note=***&start=0&term=***&limit=5&exact_match=true&ids=1,2&status=open -> 200" in lines[0]


# ---------------------------------------------------------------- error bodies (item 8)


@pytest.mark.parametrize("pad", [4080, 4090, 4095])
def test_error_body_keeps_no_token_fragment(
    pad: int, client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(Reply(500, "x" * pad + TOKEN, content_type="text/plain"))
    with pytest.raises(pipedrive_rs.ApiError) as info:
        client.deals.get(1)
    body = info.value.body
    assert body is not None
    tail = body.rstrip("…").lstrip("x")
    assert "***".startswith(tail), tail
    assert TOKEN[:4] not in body


# ---------------------------------------------------------------- Ctrl-C during waits (item 14)


def test_ctrl_c_ends_a_retry_wait_at_once(mock: MockServer) -> None:
    """Three `Retry-After: 3` answers used to hold off KeyboardInterrupt for 9 s: the
    waits slept in Rust without looking at Python's pending signals."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals are only delivered to the main thread")
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        pytest.skip("SIGINT has a custom handler in this test run")
    mock.reply(Reply(429, {"success": False, "error": "slow down"}, headers={"retry-after": "3"}))
    client = pipedrive_rs.Client(TOKEN, base_url=mock.url, max_retries=3)
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            client.deals.get(1)
        elapsed = time.monotonic() - started
    finally:
        timer.cancel()
        client.close()
    # The point of the fix is latency, so this one bound is timed, with a wide margin:
    # without it the call ends after the three waits (9 s).
    assert elapsed < 2.5, elapsed
    assert len(mock.requests) == 1


def test_max_idle_connections_is_accepted_and_checked(mock: MockServer) -> None:
    with pipedrive_rs.Client(TOKEN, base_url=mock.url, max_idle_connections=64) as c:
        c.deals.summary()
    with pytest.raises(pipedrive_rs.InvalidInputError):
        pipedrive_rs.Client(TOKEN, base_url=mock.url, max_idle_connections=-1)
