"""Logging, the GIL, threads and the typed surface."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, List

import pytest

import pipedrive_rs
from conftest import CALLS_DEPRECATED_V1, TOKEN, MockServer, Recorded, Reply, envelope

pytestmark = CALLS_DEPRECATED_V1

HERE = Path(__file__).resolve().parent


def test_debug_log_line_per_request_without_the_token(
    client: pipedrive_rs.Client, mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    mock.reply(Reply(body=envelope({"id": 1})))
    with caplog.at_level(logging.DEBUG, logger="pipedrive_rs"):
        client.deals.get(1)
        list(client.deals.list(status="open"))
        mock.reply(Reply(404, {"success": False, "error": "Deal not found"}))
        with pytest.raises(pipedrive_rs.NotFoundError):
            client.deals.get(2)
    lines = [r.getMessage() for r in caplog.records if r.name == "pipedrive_rs"]
    assert len(lines) == 3
    assert lines[0].startswith("GET /deals/1 -> 200 (")
    assert lines[1].startswith("GET /deals?status=open -> 200 (1 item)")
    assert lines[2].startswith("GET /deals/2 -> 404 (")
    assert all(TOKEN not in line for line in lines)


def test_no_logging_cost_when_disabled(
    client: pipedrive_rs.Client, mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    mock.reply(Reply(body=envelope({"id": 1})))
    with caplog.at_level(logging.INFO, logger="pipedrive_rs"):
        client.deals.get(1)
    assert not [r for r in caplog.records if r.name == "pipedrive_rs"]


def test_the_gil_is_released_while_waiting_for_the_server(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    # The mock server is Python: it can only answer while the calling thread has released
    # the GIL. Eight concurrent calls are each held until all eight have arrived, which
    # can only happen if all eight are in flight at once.
    arrived = threading.Barrier(8)

    def hold(rec: Recorded) -> Reply:
        arrived.wait(timeout=30)
        return Reply(body=envelope({"id": int(rec.path.rsplit("/", 1)[1])}))

    mock.reply(hold)
    got: List[Any] = []
    errors: List[BaseException] = []

    def call(i: int) -> None:
        try:
            got.append(client.deals.get(i).id)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=call, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert sorted(got) == list(range(8))
    assert not arrived.broken


def test_one_pager_shared_by_threads_yields_each_item_once(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    def respond(rec: Recorded) -> Reply:
        start = int(dict(rec.query).get("start", "0"))
        items = [{"id": i} for i in range(start, min(start + 5, 40))]
        more = start + 5 < 40
        return Reply(
            body=envelope(
                items,
                additional_data={"pagination": {"more_items_in_collection": more, "next_start": start + 5}},
            )
        )

    mock.reply(respond)
    pager = client.deals.list(limit=5)
    seen: List[int] = []
    lock = threading.Lock()

    def drain() -> None:
        for d in pager:
            with lock:
                seen.append(d.id)

    threads = [threading.Thread(target=drain) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(seen) == list(range(40))


@pytest.mark.skipif(shutil.which("mypy") is None and not os.environ.get("CI"), reason="mypy not installed")
def test_mypy_strict_passes_on_tests_and_examples() -> None:
    root = HERE.parent
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", str(root / "tests"), str(root / "examples")],
        capture_output=True,
        text=True,
        cwd=root.parent,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
