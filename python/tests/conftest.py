"""Shared fixtures: a tiny threaded mock HTTP server that records every request, a
client pointed at it, and (session-wide) the pipedrive-sandbox."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, Union
from urllib.parse import parse_qsl, urlsplit

import pytest

import pipedrive_rs
from pipedrive_rs.testing import Sandbox, sandbox

TOKEN = "test-token-5f1b2c"

# Calling a v1 operation Pipedrive deprecates warns (test_deprecations.py checks how); a
# test module that exercises v1 on purpose sets `pytestmark = CALLS_DEPRECATED_V1`.
CALLS_DEPRECATED_V1 = pytest.mark.filterwarnings(
    r"ignore:client\.\S+ is deprecated by Pipedrive:DeprecationWarning"
)
REPO = Path(__file__).resolve().parents[2]
FIXTURE_ROOT = REPO / "tests" / "fixtures"
FIXTURES = FIXTURE_ROOT / "v1"


def resource_of(client: Any, dotted: str) -> Any:
    """The resource object an operation table's `resource` names: `deals` is
    `client.deals`, `v2.deals` is `client.v2.deals`."""
    obj = client
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


@dataclass
class Recorded:
    """One request as the mock server saw it."""

    method: str
    path: str
    query: List[Tuple[str, str]]
    headers: Dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def form(self) -> List[Tuple[str, str]]:
        return parse_qsl(self.body.decode(), keep_blank_values=True)


@dataclass
class Reply:
    """What the mock answers: a status, a body, headers; or a callable making one."""

    status: int = 200
    body: Union[bytes, str, Dict[str, Any], List[Any], None] = None
    headers: Dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"

    def encoded(self) -> bytes:
        if self.body is None:
            return json.dumps({"success": True, "data": None}).encode()
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()


Responder = Callable[[Recorded], Reply]


class MockServer:
    """A threaded HTTP server answering from a queue of replies (the last one repeats)."""

    def __init__(self) -> None:
        self.requests: List[Recorded] = []
        self._replies: List[Union[Reply, Responder]] = []
        self._lock = threading.Lock()
        self.received = threading.Condition(self._lock)
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                if len(body) < length:
                    # The client gave up mid-body (a failing upload source): nothing to
                    # record or answer, and a late record must not leak into a later test.
                    self.close_connection = True
                    return
                rec = Recorded(
                    method=self.command,
                    path=parts.path,
                    query=parse_qsl(parts.query, keep_blank_values=True),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                )
                with server.received:
                    server.requests.append(rec)
                    server.received.notify_all()
                    reply = server._next_reply()
                if callable(reply):
                    reply = reply(rec)
                payload = reply.encoded()
                self.send_response(reply.status)
                self.send_header("content-type", reply.content_type)
                self.send_header("content-length", str(len(payload)))
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                # Clients that give up mid-exchange (timeouts, failed uploads) are expected.
                pass

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def _next_reply(self) -> Union[Reply, Responder]:
        if not self._replies:
            return Reply()
        if len(self._replies) == 1:
            return self._replies[0]
        return self._replies.pop(0)

    def reply(self, *replies: Union[Reply, Responder]) -> None:
        """Answers the next requests with these replies, in order; the last repeats."""
        with self._lock:
            self._replies = list(replies)

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._replies = []

    @property
    def last(self) -> Recorded:
        assert self.requests, "no request reached the mock server"
        return self.requests[-1]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def mock_server() -> Iterator[MockServer]:
    server = MockServer()
    yield server
    server.close()


@pytest.fixture
def mock(mock_server: MockServer) -> Iterator[MockServer]:
    mock_server.reset()
    yield mock_server
    mock_server.reset()


@pytest.fixture
def client(mock: MockServer) -> Iterator[pipedrive_rs.Client]:
    with pipedrive_rs.Client(
        TOKEN, base_url=mock.url, max_retries=0, timeout=30.0
    ) as c:
        yield c


def envelope(data: Any, **extra: Any) -> Dict[str, Any]:
    return {"success": True, "data": data, **extra}


def fixture_json(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[Sandbox]:
    """One in-process sandbox for the session (seed 7). Tests that share it leave records
    behind; those that need the fresh account use the plugin's `pipedrive_sandbox`."""
    with sandbox(seed=7) as box:
        yield box


@pytest.fixture
def sandbox_client(sandbox_server: Sandbox) -> Iterator[pipedrive_rs.Client]:
    sandbox_server.clear_faults()
    with sandbox_server.client(max_retries=0) as c:
        yield c
    sandbox_server.clear_faults()


def header(rec: Recorded, name: str) -> Optional[str]:
    return rec.headers.get(name.lower())


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Appends each skip reason (with its count) to $PIPEDRIVE_SKIP_LOG, which `just test`
    sets, so its last line names what pytest skipped and why."""
    log = os.environ.get("PIPEDRIVE_SKIP_LOG")
    if not log:
        return
    counts: Dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = getattr(report, "longrepr", None)
        reason = str(longrepr[2]) if isinstance(longrepr, tuple) else str(longrepr)
        if reason.startswith("Skipped: "):
            reason = reason[len("Skipped: ") :]
        counts[reason] = counts.get(reason, 0) + 1
    with open(log, "a", encoding="utf-8") as f:
        for reason, n in counts.items():
            f.write(f"pytest: {n} test{'' if n == 1 else 's'} ({reason})\n")
