"""Every endpoint's request shape against the mock server, from the generated cases
(python/tests/endpoint_cases.json, written by pipedrive-codegen with the same sample
values as the Rust endpoint tests): method, path, query, body, content type and token
header; and the reference's example response read back without loss."""

from __future__ import annotations

import io
import json
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import pipedrive_rs
from conftest import CALLS_DEPRECATED_V1, FIXTURE_ROOT, MockServer, Reply, TOKEN, resource_of

pytestmark = CALLS_DEPRECATED_V1

CASES: List[Dict[str, Any]] = json.loads(
    (Path(__file__).parent / "endpoint_cases.json").read_text()
)
DOWNLOAD_BYTES = b"%PDF-1.4 sample download \x00\x01\x02"


def kwarg(value: Any) -> Any:
    if isinstance(value, dict) and "$file" in value:
        name, content = value["$file"]
        return (name, content.encode())
    return value


def parse_multipart(content_type: str, body: bytes) -> Tuple[List[List[str]], List[List[str]]]:
    """(text fields, file fields) of a multipart/form-data body."""
    msg = BytesParser(policy=HTTP).parsebytes(
        b"content-type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    texts: List[List[str]] = []
    files: List[List[str]] = []
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        payload = part.get_payload(decode=True)
        assert isinstance(name, str) and isinstance(payload, bytes)
        if filename is None:
            texts.append([name, payload.decode()])
        else:
            files.append([name, filename, payload.decode("latin-1")])
    return texts, files


def expected_items(kind: str, data: Any) -> List[Any]:
    if kind == "search":
        items: List[Any] = (data or {}).get("items") or []
        return items
    if data is None:
        return []
    return data if isinstance(data, list) else [data]


def plain(value: Any) -> Any:
    if isinstance(value, pipedrive_rs.Record):
        return value.to_dict()
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_endpoint(case: Dict[str, Any], client: pipedrive_rs.Client, mock: MockServer) -> None:
    resp = case["response"]
    fixture = resp["fixture"]
    fixture_text = (FIXTURE_ROOT / fixture).read_text() if fixture else '{"success":true,"data":null}'
    if resp["kind"] == "download":
        mock.reply(Reply(200, DOWNLOAD_BYTES, content_type="application/octet-stream"))
    else:
        mock.reply(Reply(resp["status"], fixture_text))

    method = getattr(resource_of(client, case["resource"]), case["method"])
    kwargs = {k: kwarg(v) for k, v in case["kwargs"].items()}
    args = list(case["args"])
    out = io.BytesIO()
    if resp["kind"] == "download":
        args.append(out)
    result = method(*args, **kwargs)
    # Every list operation returns a pager (a list in one response: of one page).
    if resp["kind"] in ("page", "search", "vec"):
        page = next(iter(result.pages()))
        got: Any = page.items
    else:
        got = result

    # The request.
    rec = mock.last
    assert len(mock.requests) == 1
    assert rec.method == case["http"]
    assert rec.path == case["path"]
    want_query = sorted(tuple(p) for p in case["query"])
    got_query = sorted(
        (k, v)
        for k, v in rec.query
        if not (k in ("start", "limit") and k not in {q[0] for q in case["query"]})
    )
    assert got_query == want_query
    assert rec.headers.get("x-api-token") == TOKEN
    assert TOKEN not in rec.path and all(TOKEN not in v for _, v in rec.query)
    body = case["body"]
    ctype = rec.headers.get("content-type", "")
    if body is None:
        assert rec.body == b""
    elif "json" in body:
        assert ctype == "application/json"
        assert rec.json == body["json"]
    elif "form" in body:
        assert ctype == "application/x-www-form-urlencoded"
        assert sorted(rec.form) == sorted(tuple(p) for p in body["form"])
    else:
        assert ctype.startswith("multipart/form-data; boundary=")
        texts, files = parse_multipart(ctype, rec.body)
        assert sorted(texts) == sorted(body["multipart"]["texts"])
        assert files == body["multipart"]["files"]

    # The response, read back without loss.
    data = json.loads(fixture_text).get("data")
    kind = resp["kind"]
    if kind == "download":
        assert got == len(DOWNLOAD_BYTES)
        assert out.getvalue() == DOWNLOAD_BYTES
    elif kind == "none":
        assert got is None
    elif kind in ("page", "search", "vec"):
        # A list method's page holds a list whatever the example's `data` is.
        assert plain(got) == expected_items(kind, data)
    else:
        assert plain(got) == data
