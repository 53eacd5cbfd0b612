"""One config: the keywords of ``pipedrive_rs.Client`` mean what the Rust ``Config``
options of the same name mean (crates/pipedrive-transport/tests/timeouts.rs runs the
same timeout scenarios), and their defaults and environment variables come from Rust."""

from __future__ import annotations

import re
import socket
import threading
import time
from typing import Any, Dict, List

import pytest

import pipedrive_rs
from pipedrive_rs import _native

from conftest import TOKEN, MockServer, Recorded, Reply, envelope


def paced_server(chunks: int, gap: float, stall: bool) -> str:
    """Serves one request: the head and the body's first byte at once, then the rest in
    ``chunks`` pieces ``gap`` seconds apart; with ``stall``, nothing after the first
    half (until the client hangs up, at most 5 s)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]

    def serve() -> None:
        conn, _ = listener.accept()
        listener.close()
        with conn:
            head = b""
            while b"\r\n\r\n" not in head:
                data = conn.recv(4096)
                if not data:
                    return
                head += data
            body = ('{"success":true,"data":"' + "x" * (chunks * 8) + '"}').encode()
            conn.sendall(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                + f"content-length: {len(body)}\r\nconnection: close\r\n\r\n".encode()
                + body[:1]
            )
            rest = body[1:]
            size = -(-len(rest) // chunks)
            for i in range(chunks):
                if stall and i == chunks // 2:
                    conn.settimeout(5)
                    try:
                        conn.recv(1)
                    except OSError:
                        pass
                    return
                time.sleep(gap)
                try:
                    conn.sendall(rest[i * size : (i + 1) * size])
                except OSError:
                    return

    threading.Thread(target=serve, daemon=True).start()
    return f"http://127.0.0.1:{port}/v1"


def test_read_timeout_fires_when_the_server_stalls_between_bytes() -> None:
    url = paced_server(4, 0.02, stall=True)
    with pipedrive_rs.Client(
        TOKEN, base_url=url, max_retries=0, read_timeout=0.2, timeout=None
    ) as c:
        with pytest.raises(pipedrive_rs.RequestTimeoutError):
            c.request("GET", "/deals")


def test_read_timeout_lets_a_slow_answer_finish_while_it_keeps_sending() -> None:
    url = paced_server(12, 0.05, stall=False)
    with pipedrive_rs.Client(
        TOKEN, base_url=url, max_retries=0, read_timeout=0.5, timeout=None
    ) as c:
        assert c.request("GET", "/deals") == "x" * 96


def test_timeout_bounds_a_whole_attempt_that_keeps_sending() -> None:
    url = paced_server(12, 0.05, stall=False)
    with pipedrive_rs.Client(
        TOKEN, base_url=url, max_retries=0, read_timeout=0.5, timeout=0.25
    ) as c:
        with pytest.raises(pipedrive_rs.RequestTimeoutError):
            c.request("GET", "/deals")


def test_left_out_timeouts_reach_rust_as_left_out_and_none_as_no_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: List[Dict[str, Any]] = []

    class Recorder:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            seen.append(kwargs)

    monkeypatch.setattr(_native, "Client", Recorder)
    pipedrive_rs.Client(TOKEN)
    pipedrive_rs.Client(TOKEN, read_timeout=None, timeout=2.5)
    limits = ("connect_timeout", "read_timeout", "timeout")
    assert [k for k in limits if k in seen[0]] == []
    assert {k: seen[1][k] for k in limits if k in seen[1]} == {
        "read_timeout": None,
        "timeout": 2.5,
    }


def test_documented_defaults_are_rusts() -> None:
    defaults = pipedrive_rs.config_defaults()
    doc = pipedrive_rs.Client.__doc__ or ""
    # One entry per argument: "        name: text" up to the next such line.
    entries = re.split(r"\n        (?=\w+: )", doc)
    documented: Dict[str, str] = {}
    for entry in entries[1:]:
        name, _, text = entry.partition(": ")
        found = re.search(r"\(default ([\w.]+)", " ".join(text.split()))
        if found:
            documented[name] = found.group(1)
    expected = {
        "connect_timeout": defaults["connect_timeout"],
        "read_timeout": defaults["read_timeout"],
        "timeout": defaults["timeout"],
        "max_retries": defaults["max_retries"],
        "retry_base_delay": defaults["retry_base_delay"],
        "max_retry_delay": defaults["max_retry_delay"],
        "max_idle_connections": defaults["max_idle_connections"],
        "max_body_bytes": defaults["max_body_bytes"],
    }
    assert set(documented) == set(expected), documented
    for name, value in expected.items():
        text = documented[name]
        assert (None if text == "None" else float(text)) == value, (name, text, value)
    assert defaults["token_env_var"] == "PIPEDRIVE_API_TOKEN"
    assert defaults["token_env_var"] in doc and defaults["base_url_env_var"] in doc
    assert defaults["user_agent"].startswith("pipedrive-rs/")


def test_the_environment_is_read_by_rust(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPEDRIVE_API_TOKEN", "env-token")
    monkeypatch.setenv("PIPEDRIVE_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("PIPEDRIVE_COMPANY_DOMAIN", "ignored")
    assert pipedrive_rs.Client().base_url == "http://127.0.0.1:9/v1"
    monkeypatch.delenv("PIPEDRIVE_BASE_URL")
    assert pipedrive_rs.Client().base_url == "https://ignored.pipedrive.com/api/v1"
    # An explicit keyword wins over the variable.
    assert pipedrive_rs.Client(company_domain="acme").base_url == "https://acme.pipedrive.com/api/v1"
    monkeypatch.setenv("PIPEDRIVE_API_TOKEN", "  ")
    with pytest.raises(pipedrive_rs.InvalidInputError, match="PIPEDRIVE_API_TOKEN"):
        pipedrive_rs.Client()


def test_token_is_sent_by_the_configured_scheme(mock: MockServer) -> None:
    mock.reply(Reply(body=envelope(None)))
    with pipedrive_rs.Client(TOKEN, base_url=mock.url, user_agent="my-app/2") as c:
        c.request("GET", "/users/me")
    assert mock.last.headers["x-api-token"] == TOKEN
    assert mock.last.headers["user-agent"] == "my-app/2"
    with pipedrive_rs.Client(oauth_token="access-1", base_url=mock.url) as c:
        c.request("GET", "/users/me")
    assert mock.last.headers["authorization"] == "Bearer access-1"
    assert "x-api-token" not in mock.last.headers


def only_bearer(token: str) -> Any:
    def reply(rec: Recorded) -> Reply:
        if rec.headers.get("authorization") == f"Bearer {token}":
            return Reply(body=envelope({"id": 1}))
        return Reply(401, {"success": False, "error": "unauthorized access", "data": None})

    return reply


def test_on_token_refresh_supplies_a_new_bearer_after_a_401(mock: MockServer) -> None:
    mock.reply(only_bearer("fresh"))
    calls: List[int] = []

    def refresh() -> str:
        calls.append(1)
        return "fresh"

    with pipedrive_rs.Client(
        oauth_token="stale", on_token_refresh=refresh, base_url=mock.url, max_retries=0
    ) as c:
        assert c.request("GET", "/users/me")["id"] == 1
        assert c.request("GET", "/users/me")["id"] == 1
    assert calls == [1]
    assert [r.headers["authorization"] for r in mock.requests] == [
        "Bearer stale",
        "Bearer fresh",
        "Bearer fresh",
    ]


def test_a_failing_refresh_is_an_authentication_error(mock: MockServer) -> None:
    mock.reply(only_bearer("fresh"))

    def refresh() -> str:
        raise RuntimeError("the refresh token was revoked")

    with pipedrive_rs.Client(
        oauth_token="stale", on_token_refresh=refresh, base_url=mock.url, max_retries=0
    ) as c:
        with pytest.raises(pipedrive_rs.AuthenticationError, match="revoked"):
            c.request("GET", "/users/me")
    assert len(mock.requests) == 1


def test_option_checks() -> None:
    with pytest.raises(pipedrive_rs.InvalidInputError, match="on_token_refresh"):
        pipedrive_rs.Client(TOKEN, on_token_refresh=lambda: "x")
    with pytest.raises(pipedrive_rs.InvalidInputError, match="not both"):
        pipedrive_rs.Client(TOKEN, oauth_token="x")
    for name in ("max_retries", "max_idle_connections", "max_body_bytes"):
        for bad in (-1, True, 1.5):
            options: Dict[str, Any] = {name: bad}
            with pytest.raises(pipedrive_rs.InvalidInputError, match=name):
                pipedrive_rs.Client(TOKEN, **options)
    for name in ("connect_timeout", "read_timeout", "timeout", "retry_base_delay"):
        options = {name: -1.0}
        with pytest.raises(pipedrive_rs.InvalidInputError, match=name):
            pipedrive_rs.Client(TOKEN, **options)


def test_max_body_bytes_limits_what_is_read(mock: MockServer) -> None:
    mock.reply(Reply(body=envelope("y" * 200)))
    with pipedrive_rs.Client(TOKEN, base_url=mock.url, max_body_bytes=100) as c:
        with pytest.raises(pipedrive_rs.TransportError):
            c.request("GET", "/deals")
    with pipedrive_rs.Client(TOKEN, base_url=mock.url, max_body_bytes=1000) as c:
        assert c.request("GET", "/deals") == "y" * 200
