"""pipedrive_rs.testing: the in-process sandbox's Python API (life cycle, faults,
stats, reset, bad input)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from typing import Any, Dict, Iterator, List, Tuple

import pytest

import pipedrive_rs
from pipedrive_rs import _native, errors
from pipedrive_rs.testing import ANY_TOKEN, Sandbox, SandboxError, sandbox


def raw_get(box: Sandbox, path: str) -> Tuple[int, Dict[str, str]]:
    """Status and (lower-cased) headers of one GET, without the client's pacing."""
    req = urllib.request.Request(box.url + path, headers={"x-api-token": box.token})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}


@pytest.fixture
def box() -> Iterator[Sandbox]:
    # A small account of its own: these tests count requests and records.
    with sandbox(seed=5, deals=12) as b:
        yield b


def test_sandbox_yields_a_started_sandbox_with_the_seeded_account(box: Sandbox) -> None:
    assert box.running
    assert box.url == f"http://127.0.0.1:{box.port}/v1" == str(box)
    assert box.token == ANY_TOKEN
    assert box.count("deals") == 12
    assert box.count("persons") == 50
    with box.client(max_retries=0) as c:
        assert len(c.v2.deals.list(limit=100).to_list()) == 12
        # Without a token of its own the server takes any non-empty one.
        with pipedrive_rs.Client("whatever", base_url=box.url) as other:
            assert other.users.me().id is not None


def test_no_seed_is_the_empty_account() -> None:
    with sandbox(seed=None) as b:
        assert b.count("deals") == 0
        assert b.count("users") == 1


def test_start_stop_and_calls_after_stop() -> None:
    b = Sandbox(seed=2, deals=3)
    assert not b.running and "not started" in repr(b)
    with pytest.raises(SandboxError):
        b.stats()
    assert b.start() is b and b.start() is b  # starting again changes nothing
    port = b.port
    b.stop()
    b.stop()  # idempotent
    with pytest.raises(SandboxError, match="not running"):
        b.count("deals")
    # Nothing listens on the port any more (SO_REUSEADDR: the closed connections'
    # TIME_WAIT does not count, a listener still would).
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
    # The native object says it is stopped (an InvalidInputError, not a panic).
    native = _native.Sandbox.start(seed=1, deals=1)
    native.stop()
    native.stop()
    assert not native.running
    for call in (native.stats, native.reset, native.clear_faults, lambda: native.count("deals")):
        with pytest.raises(errors.InvalidInputError, match="stopped"):
            call()


def test_a_taken_port_is_a_sandbox_error(box: Sandbox) -> None:
    with pytest.raises(SandboxError) as e:
        Sandbox(seed=1, deals=1, port=box.port).start()
    assert isinstance(e.value.__cause__, errors.TransportError)
    assert str(box.port) in str(e.value)


def test_fail_next_503_is_retried_through(box: Sandbox) -> None:
    box.fail_next(2, status=503)
    assert box.faults()["fail_next"] == {"n": 2, "status": 503}
    with box.client(max_retries=3, retry_base_delay=0.001, max_retry_delay=0.01) as c:
        assert c.users.me().id is not None
    # One call, three requests: two refused, the third answered.
    assert box.stats()["requests_served"] == 3
    box.fail_next(1, status=503)
    with box.client(max_retries=0) as c:
        with pytest.raises(errors.ApiError) as e:
            c.users.me()
    assert e.value.status == 503


def test_each_fault_setter_reaches_the_client(box: Sandbox) -> None:
    with box.client(max_retries=0) as c:
        box.fail_next(1, 429)
        with pytest.raises(errors.RateLimitError):
            c.users.me()
        box.html_403_next(1)
        with pytest.raises(errors.PermissionDeniedError):
            c.users.me()
        box.drop_next(1)
        with pytest.raises(errors.TransportError):
            c.users.me()
        box.truncate_next(1)
        with pytest.raises(errors.TransportError):
            c.users.me()
        box.answer_next("daily-budget", "error-500")
        with pytest.raises(errors.RateLimitError) as budget:
            c.users.me()
        assert budget.value.retry_after == 3600.0
        with pytest.raises(errors.ApiError) as e500:
            c.users.me()
        assert e500.value.status == 500
        # The client paces itself by the rate-limit headers (it would wait out the
        # window rather than be refused), so the raw answers are read here.
        box.rate_limit(burst=1, retry_after=60)
        first = raw_get(box, "/users/me")
        assert (first[0], first[1]["x-ratelimit-limit"], first[1]["x-ratelimit-remaining"]) == (200, "1", "0")
        refused = raw_get(box, "/users/me")
        assert (refused[0], refused[1]["retry-after"]) == (429, "60")
        box.clear_faults()
        assert c.users.me().id is not None
    box.remaining_zero_next(1)
    box.delay(0.25)
    settings = box.faults()
    assert settings["remaining_zero_next"] == 1 and settings["delay_ms"] == 250
    box.delay(0)
    assert box.faults()["delay_ms"] == 0


def test_faults_takes_the_control_route_keys(box: Sandbox) -> None:
    untouched = box.faults()
    assert untouched == {
        "rate_limit": None,
        "fail_next": {"n": 0, "status": 0},
        "html_403_next": 0,
        "drop_next": 0,
        "truncate_next": 0,
        "remaining_zero_next": 0,
        "delay_ms": 0,
        "answer_next": [],
    }
    now = box.faults(
        rate_limit={"burst": 5, "retry_after_secs": 1},
        fail_next={"n": 2, "status": 502},
        answer_next=["redirect", "not-json"],
        drop_next=1,
    )
    assert now["rate_limit"] == {"burst": 5, "retry_after_secs": 1}
    assert now["fail_next"] == {"n": 2, "status": 502}
    assert now["answer_next"] == ["redirect", "not-json"]
    assert now["drop_next"] == 1
    assert box.faults(clear=True) == untouched


BAD_INPUT: List[Any] = [
    lambda b: b.fail_next(-1),
    lambda b: b.fail_next(1, status=200),
    lambda b: b.fail_next(1, status=600),
    lambda b: b.fail_next(1, status="503"),
    lambda b: b.fail_next(2**40),
    lambda b: b.drop_next(True),
    lambda b: b.truncate_next(1.5),
    lambda b: b.html_403_next(-3),
    lambda b: b.remaining_zero_next(None),
    lambda b: b.rate_limit(-1),
    lambda b: b.rate_limit(5, retry_after=-2),
    lambda b: b.answer_next("redirect", "no-such-answer"),
    lambda b: b.answer_next("error-200"),
    lambda b: b.delay(-0.5),
    lambda b: b.delay(float("nan")),
    lambda b: b.delay("1"),
    lambda b: b.faults(explode=1),
    lambda b: b.faults(drop_next=1, fail_next={"n": 1, "status": 99}),
    lambda b: b.faults(delay_ms=-1),
    lambda b: b.count("dealz"),
]


@pytest.mark.parametrize("call", BAD_INPUT)
def test_bad_input_is_invalid_input_and_changes_nothing(box: Sandbox, call: Any) -> None:
    before = box.faults()
    with pytest.raises(errors.InvalidInputError):
        call(box)
    assert box.faults() == before
    assert box.running


@pytest.mark.parametrize(
    "kwargs",
    [{"seed": -1}, {"deals": -5}, {"seed": "7"}, {"port": 70000}, {"token": ""}, {"token": "  "}],
)
def test_bad_start_arguments_are_invalid_input(kwargs: Dict[str, Any]) -> None:
    settings: Dict[str, Any] = {"seed": 1, "deals": 1, **kwargs}
    with pytest.raises(errors.InvalidInputError):
        Sandbox(settings.pop("seed"), **settings).start()


def test_stats_and_count(box: Sandbox) -> None:
    with box.client() as c:
        deal = c.v2.deals.create(title="Counted")
        c.v2.deals.get(deal.id)
    stats = box.stats()
    assert set(stats) == {"requests_served", "max_in_flight", "in_flight", "counts"}
    assert stats["requests_served"] == 2
    assert stats["max_in_flight"] == 1 and stats["in_flight"] == 0
    assert stats["counts"]["deals"] == 13 == box.count("deals") == box.count("deal")


def test_reset_restores_records_ids_faults_and_counters(box: Sandbox) -> None:
    with box.client(max_retries=0) as c:
        first = c.v2.deals.create(title="Made before the reset")
        c.v2.deals.delete(1)
        c.v2.deals.update(2, title="Renamed")
        assert box.count("deals") == 12
        box.fail_next(5, 502)
        box.delay(0.01)
        box.reset()
        assert box.faults()["fail_next"]["n"] == 0 and box.faults()["delay_ms"] == 0
        assert box.stats()["requests_served"] == 0 and box.stats()["max_in_flight"] == 0
        assert box.count("deals") == 12
        assert c.v2.deals.get(1).id == 1  # the same client keeps working
        assert c.v2.deals.get(2).title != "Renamed"
        again = c.v2.deals.create(title="Made after the reset")
        assert again.id == first.id
        with pytest.raises(errors.NotFoundError):
            c.v2.deals.get(first.id + 1)


def test_threads_overlap_on_the_server(box: Sandbox) -> None:
    # The delay holds each request at the server; with the GIL released in the client,
    # the requests of four threads are handled at the same time.
    box.delay(0.2)
    barrier = threading.Barrier(4)
    failures: List[BaseException] = []
    with box.client(max_retries=0) as c:

        def work(deal_id: int) -> None:
            try:
                barrier.wait(timeout=30)
                c.v2.deals.get(deal_id)
            except BaseException as e:  # pragma: no cover - reported below
                failures.append(e)

        threads = [threading.Thread(target=work, args=(i + 1,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert not failures, failures
    assert box.stats()["max_in_flight"] >= 2


def test_importing_the_package_does_not_import_pytest() -> None:
    code = (
        "import sys, pipedrive_rs, pipedrive_rs.testing; "
        "assert 'pytest' not in sys.modules, 'pytest was imported'; "
        "assert 'subprocess' not in sys.modules, 'subprocess was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
