"""Id parameters are checked before any request: the Rust and Kotlin clients take numeric
ids as u64 (and lead, call log, channel ids as text), so Python refuses at run time what
their compilers refuse, naming the parameter, instead of sending `/v1/deals/1.5`."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import pipedrive_rs
from conftest import CALLS_DEPRECATED_V1, MockServer, Reply, envelope, resource_of

pytestmark = CALLS_DEPRECATED_V1

CASES: List[Dict[str, Any]] = json.loads(
    (Path(__file__).parent / "endpoint_cases.json").read_text()
)

NOT_NUMBER_IDS: List[Any] = ["abc", "1", -1, 1.5, 10**30, 2**64, [1, 2], True, b"1", {"id": 1}]
NOT_TEXT_IDS: List[Any] = [1, 1.5, ["a"], b"abc", True, {"id": "a"}]


def kwarg(value: Any) -> Any:
    if isinstance(value, dict) and "$file" in value:
        name, content = value["$file"]
        return (name, content.encode())
    return value


def id_params() -> List[Tuple[str, Dict[str, Any], Dict[str, Any]]]:
    out = []
    for case in CASES:
        for spec in case["ids"]:
            where = f"arg{spec['arg']}" if "arg" in spec else spec["kwarg"]
            out.append((f"{case['id']}:{where}", case, spec))
    return out


PARAMS = id_params()


def test_the_cases_list_id_parameters_of_every_kind() -> None:
    kinds = {(s["kind"], s["many"], "arg" in s) for _, _, s in PARAMS}
    assert ("number", False, True) in kinds  # path
    assert ("number", False, False) in kinds  # query / body
    assert ("number", True, False) in kinds  # lists of ids
    assert ("text", False, True) in kinds  # lead ids in paths
    assert len(PARAMS) > 150


@pytest.mark.parametrize("name,case,spec", PARAMS, ids=[p[0] for p in PARAMS])
def test_wrong_ids_raise_before_any_request(
    name: str,
    case: Dict[str, Any],
    spec: Dict[str, Any],
    client: pipedrive_rs.Client,
    mock: MockServer,
) -> None:
    method = getattr(resource_of(client, case["resource"]), case["method"])
    if spec["kind"] == "number":
        bad = NOT_NUMBER_IDS
    else:
        bad = NOT_TEXT_IDS
    if spec["many"]:
        # A list with one wrong element, and a value that is not a list at all.
        bad = [[1, v] for v in bad if not isinstance(v, list)] + ["1,2", 5]
    label = spec.get("kwarg") or "id"
    for value in bad:
        args = list(case["args"])
        kwargs = {k: kwarg(v) for k, v in case["kwargs"].items()}
        if "arg" in spec:
            args[spec["arg"]] = value
        else:
            kwargs[spec["kwarg"]] = value
        if case["response"]["kind"] == "download":
            args.append(io.BytesIO())
        with pytest.raises(pipedrive_rs.InvalidInputError) as err:
            result = method(*args, **kwargs)
            if isinstance(result, pipedrive_rs.Pager):
                next(iter(result), None)
        if "kwarg" in spec:
            assert f"`{label}`" in str(err.value), (value, str(err.value))
    assert mock.requests == [], [r.path for r in mock.requests]


def test_the_reported_reproductions(client: pipedrive_rs.Client, mock: MockServer) -> None:
    for value in ["abc", -1, 1.5, 10**30, [1, 2]]:
        with pytest.raises(pipedrive_rs.InvalidInputError, match="`id`"):
            client.deals.get(value)  # type: ignore[arg-type]
    assert mock.requests == []


def test_valid_ids_still_go_out(client: pipedrive_rs.Client, mock: MockServer) -> None:
    mock.reply(Reply(body=envelope({"id": 1})))
    client.deals.get(0)
    client.deals.get(2**64 - 1)
    assert [r.path for r in mock.requests] == ["/v1/deals/0", f"/v1/deals/{2**64 - 1}"]
    lead = "adf21080-0e10-11eb-879b-05d71fb42601"
    client.leads.get(lead)
    assert mock.last.path == f"/v1/leads/{lead}"
    client.deals.delete_many(ids=(1, 2))
    assert mock.last.query == [("ids", "1,2")]
