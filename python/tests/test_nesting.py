"""Deeply nested answers: a DecodeError at worst, never a crash.

Each reproduction runs in a child interpreter: the defect was a stack overflow that
killed the process (SIGSEGV), which would otherwise take the whole test session with it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest

import pipedrive_rs
from conftest import TOKEN, MockServer, Reply, envelope

LEVELS = 20_000
DEEP = "[" * LEVELS + "]" * LEVELS
# The nesting limit shared with serde_json (pipedrive_types::json::MAX_DEPTH = 128): a
# document may open at most 127 arrays or objects inside each other.
MAX_LEVELS = 127


def run_child(url: str, body: str) -> str:
    """Runs `body` in a fresh interpreter with `client` pointed at `url`; returns what it
    printed. Fails the test when the child dies."""
    script = textwrap.dedent(
        f"""
        import pipedrive_rs
        client = pipedrive_rs.Client({TOKEN!r}, base_url={url!r}, max_retries=0, timeout=30.0)
        """
    ) + textwrap.dedent(body)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, (
        f"the child interpreter died (exit {done.returncode}): {done.stderr[-2000:]}"
    )
    return done.stdout.strip()


def test_the_exact_reproduction_is_a_decode_error(mock: MockServer) -> None:
    body = '{"success":true,"data":' + DEEP + "}"
    assert len(body) > 40_000
    mock.reply(Reply(body=body))
    out = run_child(
        mock.url,
        """
        try:
            client.deals.get(1)
            print("no error")
        except pipedrive_rs.DecodeError as e:
            print("DecodeError", e)
        """,
    )
    assert out.startswith("DecodeError"), out
    assert "nested" in out


def test_a_deep_field_of_a_normal_record_is_a_decode_error(mock: MockServer) -> None:
    body = '{"success":true,"data":{"id":1,"title":"ok","deep":' + DEEP + "}}"
    mock.reply(Reply(body=body))
    out = run_child(
        mock.url,
        """
        deal = client.deals.get(1)
        print(deal.id, deal.title)
        for read in (lambda: deal.deep, lambda: deal["deep"], lambda: deal.get("deep"),
                     deal.to_dict, lambda: repr(deal), lambda: deal == deal):
            try:
                read()
                print("no error")
            except pipedrive_rs.DecodeError:
                print("DecodeError")
        """,
    )
    assert out.splitlines() == ["1 ok"] + ["DecodeError"] * 6, out


def test_deep_objects_reached_one_field_at_a_time(mock: MockServer) -> None:
    # Each object is shallow by itself; the limit counts from the response's root.
    body = '{"success":true,"data":' + '{"a":' * LEVELS + "1" + "}" * LEVELS + "}"
    mock.reply(Reply(body=body))
    out = run_child(
        mock.url,
        """
        r = client.deals.summary()  # an answer that promises no id
        levels = 1
        try:
            while True:
                r = r.a
                levels += 1
        except pipedrive_rs.DecodeError:
            print("DecodeError", levels)
        except AttributeError:
            print("reached the bottom", levels)
        """,
    )
    assert out.startswith("DecodeError"), out
    assert int(out.split()[1]) <= MAX_LEVELS


def test_deep_items_of_a_list_page(mock: MockServer) -> None:
    body = '{"success":true,"data":[{"id":1},' + DEEP + "]}"
    mock.reply(Reply(body=body))
    out = run_child(
        mock.url,
        """
        items = client.deals.list()
        try:
            print([type(x).__name__ for x in items])
        except pipedrive_rs.DecodeError:
            print("DecodeError")
        """,
    )
    assert out == "DecodeError", out


def nested(levels: int) -> Any:
    v: Any = 1
    for _ in range(levels):
        v = [v]
    return v


@pytest.mark.parametrize("where", ["data", "field"])
def test_the_limit_is_the_one_serde_json_applies(
    client: pipedrive_rs.Client, mock: MockServer, where: str
) -> None:
    # The envelope is one level; a field of `data` is two.
    def answer(levels: int) -> Any:
        if where == "data":
            return envelope(nested(levels - 1))
        return envelope({"id": 1, "v": nested(levels - 2)})

    # `deals.summary` promises no id, so `data` may be anything.
    mock.reply(Reply(body=json.dumps(answer(MAX_LEVELS))))
    got: Any = client.deals.summary()
    value = got if where == "data" else got["v"]
    depth = 0
    while isinstance(value, list):
        value = value[0]
        depth += 1
    assert value == 1 and depth == MAX_LEVELS - (1 if where == "data" else 2)

    mock.reply(Reply(body=json.dumps(answer(MAX_LEVELS + 1))))
    with pytest.raises(pipedrive_rs.DecodeError):
        got = client.deals.summary()
        if where == "field":
            got["v"]
