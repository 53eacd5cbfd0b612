"""v1 operations the official v1 contract deprecates warn (``DeprecationWarning``, at
the caller's line) naming the v2 method to call instead, and still work; the others do
not warn. The operation table says the same: ``deprecated`` rows carry ``replaced_by``
unless the generator's ``replacements-v2.map`` says v2 has none."""

from __future__ import annotations

import inspect
import warnings
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import pipedrive_rs
from pipedrive_rs import _native

from conftest import MockServer, Reply, envelope, resource_of

REPLACEMENTS = (
    Path(__file__).resolve().parents[2] / "crates" / "pipedrive-codegen" / "replacements-v2.map"
)


def map_rows() -> Dict[Tuple[str, str], Optional[str]]:
    """``(METHOD, /v1/path)`` -> the v2 operation id of ``replacements-v2.map``, None for ``-``."""
    rows: Dict[Tuple[str, str], Optional[str]] = {}
    for line in REPLACEMENTS.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("|")]
        method, path = cols[0].split(" ", 1)
        rows[(method, path.strip())] = None if cols[1] == "-" else cols[1]
    return rows


def test_a_deprecated_method_warns_with_its_replacement_and_still_works(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(Reply(body=envelope({"id": 5, "title": "Licences"})))
    with pytest.warns(DeprecationWarning) as caught:
        deal = client.deals.get(5)
    assert deal.id == 5
    assert deal.title == "Licences"
    assert mock.last.path == "/v1/deals/5"
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "client.deals.get is deprecated by Pipedrive" in message
    assert "client.v2.deals.get" in message
    assert "GET /v2/deals/{id}" in message
    # The warning points at the caller's line, not into the generated package.
    assert caught[0].filename == __file__


def test_a_replacement_found_through_a_filter_says_which(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(Reply(body=envelope([])))
    with pytest.warns(DeprecationWarning, match=r"client\.v2\.deals\.list .*filtered by person_id"):
        assert list(client.persons.list_deals(3)) == []
    assert mock.last.path == "/v1/persons/3/deals"


def test_a_deprecated_method_without_replacement_says_why(
    client: pipedrive_rs.Client, mock: MockServer
) -> None:
    mock.reply(Reply(body=envelope({"id": [1, 2]})))
    with pytest.warns(DeprecationWarning, match="no v2 replacement: v2 has no bulk delete"):
        client.deals.delete_many(ids=[1, 2])
    assert mock.last.method == "DELETE"


def test_supported_methods_do_not_warn(client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(Reply(body=envelope({"id": 5, "title": "Licences"})))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert client.v2.deals.get(5).id == 5
        mock.reply(Reply(body=envelope({"id": 1, "name": "Me"})))
        assert client.users.me().id == 1


def test_deprecated_rows_name_their_replacement_or_are_mapped_to_none() -> None:
    rows: List[Dict[str, Any]] = _native.operations()
    ids = {row["id"]: row for row in rows}
    mapped = map_rows()
    deprecated = [row for row in rows if row["deprecated"]]
    assert len(deprecated) == 52
    for row in rows:
        if not row["deprecated"]:
            assert row["replaced_by"] is None, row["id"]
            continue
        assert row["version"] == "v1", row["id"]
        replacement = row["replaced_by"]
        if replacement is None:
            assert mapped[(row["method"], row["path"])] is None, row["id"]
        else:
            assert ids[replacement]["version"] == "v2", row["id"]
            assert not ids[replacement]["deprecated"], row["id"]


def test_every_deprecated_method_warns_naming_its_replacement(client: pipedrive_rs.Client) -> None:
    """Each generated method warns before the native client checks anything: called with
    None for every required parameter, it warns, then goes on to the native call."""
    for row in _native.operations():
        if not row["deprecated"]:
            continue
        method = getattr(resource_of(client, row["resource"]), row["name"])
        required = {
            name: None
            for name, p in inspect.signature(method).parameters.items()
            if p.default is inspect.Parameter.empty
        }
        with pytest.warns(DeprecationWarning) as caught:
            try:
                method(**required)
            except pipedrive_rs.PipedriveError:
                # Refused arguments, or the mock's empty answer to a call without any.
                pass
        message = str(caught[0].message)
        assert message.startswith(f"client.{row['id']} is deprecated by Pipedrive; "), message
        if row["replaced_by"] is not None:
            assert f"client.{row['replaced_by']} (" in message, message
        else:
            assert "no v2 replacement" in message, message
