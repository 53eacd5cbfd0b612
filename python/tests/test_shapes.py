"""What a method's declared type promises holds whatever the server or the caller hands
over: list methods return pagers (of one page when the list comes in one response), uploads
say what is wrong with a path."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, List

import pytest

import pipedrive_rs
from conftest import CALLS_DEPRECATED_V1, FIXTURES, MockServer, Reply, envelope, resource_of

pytestmark = CALLS_DEPRECATED_V1

CASES: List[Dict[str, Any]] = json.loads(
    (Path(__file__).parent / "endpoint_cases.json").read_text()
)
LIST_CASES = [c for c in CASES if c["response"]["kind"] == "vec"]
UPLOAD_CASES = [
    c for c in CASES if any(isinstance(v, dict) and "$file" in v for v in c["kwargs"].values())
]


def call(client: pipedrive_rs.Client, case: Dict[str, Any], **override: Any) -> Any:
    method = getattr(resource_of(client, case["resource"]), case["method"])
    kwargs = {k: v for k, v in case["kwargs"].items()}
    for k, v in kwargs.items():
        if isinstance(v, dict) and "$file" in v:
            name, content = v["$file"]
            kwargs[k] = (name, content.encode())
    kwargs.update(override)
    return method(*case["args"], **kwargs)


def test_the_timeline_example_answer_is_a_one_item_list(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    # The reference's own example answers with one period object.
    example = json.loads((FIXTURES / "get_deals_timeline.json").read_text())
    assert isinstance(example["data"], dict)
    mock.reply(Reply(body=example))
    periods = client.deals.timeline(
        start_date="2024-01-01", interval="month", amount=1, field_key="add_time"
    )
    assert isinstance(periods, pipedrive_rs.Pager)
    items = periods.to_list()
    assert len(items) == 1
    assert items[0].period_start == example["data"]["period_start"]
    assert items[0].to_dict() == example["data"]


def test_there_are_list_methods() -> None:
    assert len(LIST_CASES) >= 5
    assert "deals.timeline" in {c["id"] for c in LIST_CASES}


@pytest.mark.parametrize("case", LIST_CASES, ids=[c["id"] for c in LIST_CASES])
def test_list_methods_return_pagers_for_every_answer_shape(
    case: Dict[str, Any], client: pipedrive_rs.Client, mock: MockServer
) -> None:
    one = {"id": 7, "name": "only"}
    mock.reply(Reply(body=envelope(one)))
    pager = call(client, case)
    assert isinstance(pager, pipedrive_rs.Pager), pager
    got = pager.to_list()
    assert len(got) == 1, got
    assert got[0].to_dict() == one

    mock.reply(Reply(body=envelope(None)))
    assert call(client, case).to_list() == []

    mock.reply(Reply(body=envelope([one, {"id": 8}])))
    before = len(mock.requests)
    pages = list(call(client, case).pages())
    assert len(pages) == 1 and len(mock.requests) == before + 1
    assert [r["id"] for r in pages[0]] == [7, 8]


def test_uploading_a_directory_says_so(
    tmp_path: Path, client: pipedrive_rs.Client, mock: MockServer
) -> None:
    with pytest.raises(IsADirectoryError) as err:
        client.files.upload(file=tmp_path)
    assert err.value.filename == str(tmp_path)
    with pytest.raises(IsADirectoryError):
        client.files.upload(file=str(tmp_path), deal_id=1)
    with pytest.raises(FileNotFoundError) as missing:
        client.files.upload(file=tmp_path / "missing.txt")
    assert not isinstance(missing.value, IsADirectoryError)
    assert mock.requests == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_uploading_a_fifo_is_invalid_input(
    tmp_path: Path, client: pipedrive_rs.Client, mock: MockServer
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(pipedrive_rs.InvalidInputError, match="not a regular file"):
        client.files.upload(file=fifo)
    assert mock.requests == []


@pytest.mark.parametrize("case", UPLOAD_CASES, ids=[c["id"] for c in UPLOAD_CASES])
def test_every_upload_refuses_a_directory(
    case: Dict[str, Any], tmp_path: Path, client: pipedrive_rs.Client, mock: MockServer
) -> None:
    field = next(k for k, v in case["kwargs"].items() if isinstance(v, dict) and "$file" in v)
    with pytest.raises(IsADirectoryError):
        call(client, case, **{field: tmp_path})
    assert mock.requests == []
