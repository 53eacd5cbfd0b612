"""Uploads from a path, bytes or a file object; downloads to a path or a file object."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any, List, cast

import pytest

import pipedrive_rs
from conftest import MockServer, Reply, envelope
from test_endpoints import parse_multipart

FILE = {"id": 77, "name": "notes.txt", "file_size": 11}


def uploaded(mock: MockServer) -> List[List[str]]:
    rec = mock.last
    _, files = parse_multipart(rec.headers["content-type"], rec.body)
    return files


def test_upload_from_a_path(tmp_path: Path, client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(Reply(body=envelope(FILE)))
    p = tmp_path / "notes.txt"
    p.write_bytes(b"hello world")
    got = client.files.upload(file=p, deal_id=5)
    assert got.id == 77
    assert uploaded(mock) == [["file", "notes.txt", "hello world"]]
    client.files.upload(file=str(p))
    assert uploaded(mock) == [["file", "notes.txt", "hello world"]]
    client.files.upload(file=("renamed.md", open(p, "rb")))
    assert uploaded(mock) == [["file", "renamed.md", "hello world"]]


def test_upload_from_bytes_and_file_objects(client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(Reply(body=envelope(FILE)))
    client.files.upload(file=b"raw bytes")
    assert uploaded(mock) == [["file", "file", "raw bytes"]]
    client.files.upload(file=("a.csv", b"x,y", "text/csv"))
    assert uploaded(mock) == [["file", "a.csv", "x,y"]]
    assert "Content-Type: text/csv" in mock.last.body.decode()
    buf = io.BytesIO(b"skip:from here")
    buf.seek(5)
    client.files.upload(file=("part.bin", buf))
    assert uploaded(mock) == [["file", "part.bin", "from here"]]


def test_upload_from_a_non_seekable_stream(client: pipedrive_rs.Client, mock: MockServer) -> None:
    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self.data = io.BytesIO(b"streamed")

        def readable(self) -> bool:
            return True

        def readinto(self, b: Any) -> int:
            chunk = self.data.read(len(b))
            b[: len(chunk)] = chunk
            return len(chunk)

    mock.reply(Reply(body=envelope(FILE)))
    client.files.upload(file=("s.txt", cast(IO[bytes], Pipe())))
    assert uploaded(mock) == [["file", "s.txt", "streamed"]]


def test_person_picture_and_call_recording(
    tmp_path: Path, client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(Reply(body=envelope({"id": 3, "item_id": 1})))
    client.persons.add_picture(1, file=("me.png", b"\x89PNG"), crop_x=1)
    rec = mock.last
    texts, files = parse_multipart(rec.headers["content-type"], rec.body)
    assert files[0][:2] == ["file", "me.png"] and ["crop_x", "1"] in texts
    mock.reply(Reply(body=envelope(None)))
    client.call_logs.add_recording("abc", file=("call.mp3", b"ID3"))
    assert mock.last.path == "/v1/callLogs/abc/recordings"


def test_upload_errors(tmp_path: Path, client: pipedrive_rs.Client) -> None:
    with pytest.raises(FileNotFoundError):
        client.files.upload(file=tmp_path / "missing.txt")
    with pytest.raises(pipedrive_rs.InvalidInputError):
        client.files.upload(file=io.StringIO("text mode"))  # type: ignore[arg-type]
    with pytest.raises(pipedrive_rs.InvalidInputError):
        client.files.upload(file=12)  # type: ignore[arg-type]


def test_a_file_object_error_is_raised_as_is(client: pipedrive_rs.Client, mock: MockServer) -> None:
    class Broken(io.BytesIO):
        def read(self, n: Any = -1) -> bytes:
            raise RuntimeError("disk on fire")

    mock.reply(Reply(body=envelope(FILE)))
    with pytest.raises(RuntimeError, match="disk on fire"):
        client.files.upload(file=("x", Broken(b"abc")))


def test_download_to_a_path_and_a_file_object(
    tmp_path: Path, client: pipedrive_rs.Client, mock: MockServer
) -> None:
    content = bytes(range(256)) * 1000
    mock.reply(Reply(body=content, content_type="application/octet-stream"))
    target = tmp_path / "out.bin"
    assert client.files.download(77, target) == len(content)
    assert target.read_bytes() == content
    assert mock.last.path == "/v1/files/77/download"
    buf = io.BytesIO()
    assert client.files.download(77, buf) == len(content)
    assert buf.getvalue() == content


def test_failed_download_leaves_no_partial_file(
    tmp_path: Path, client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(Reply(404, {"success": False, "error": "File not found"}))
    target = tmp_path / "out.bin"
    with pytest.raises(pipedrive_rs.NotFoundError):
        client.files.download(1, target)
    assert not target.exists()
    with pytest.raises(pipedrive_rs.InvalidInputError):
        client.files.download(1, io.StringIO())  # type: ignore[arg-type]


def test_download_writer_errors_are_raised_as_is(client: pipedrive_rs.Client, mock: MockServer) -> None:
    class Full(io.BytesIO):
        def write(self, b: Any) -> int:
            raise OSError(28, "No space left on device")

    mock.reply(Reply(body=b"abc", content_type="application/octet-stream"))
    with pytest.raises(OSError, match="No space left"):
        client.files.download(1, Full())
