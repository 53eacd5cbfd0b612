#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/seeds/<target>/).

Seeds are the JSON payloads the tests already use: the response fixtures in
tests/fixtures/v1/ (built from the reference's examples) and the request bodies in
python/tests/endpoint_cases.json, plus a few hand-written error and pagination answers
for shapes the fixtures do not show. Only JSON payloads are written, never reference text.

Input formats (see tests/fuzz/src/lib.rs):
  envelope    an HTTP-like answer: optional "NNN\\n" status line, "name: value" header
              lines, an empty line, then the body; without a status line the whole input
              is a 200 body.
  models      one JSON document; every model type is decoded from it.
  bindings    the `data` of a response, as the language bindings convert it.
  pagination  a first line with the initial query ("start=0", "cursor=x", ""), then
              answers in the envelope format, separated by lines holding only "---".

Rerun after changing fixtures: `python3 scripts/fuzz-seeds.py`; it rewrites the seed
directories from scratch, so the result only depends on the sources.
"""
import hashlib
import json
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "v1"
CASES = ROOT / "python" / "tests" / "endpoint_cases.json"
SEEDS = ROOT / "tests" / "fuzz" / "seeds"

# Bodies of the size libFuzzer handles well; larger fixtures are still used as seeds
# of the envelope target whole, but their parts are what the models target gets.
MAX_SEED_BYTES = 16 * 1024

ERROR_ANSWERS = [
    '404\n\n{"success":false,"error":"Deal not found","errorCode":404,"error_info":"Please check developers.pipedrive.com"}',
    '401\n\n{"success":false,"error":"unauthorized access","errorCode":401,"error_info":"Please check developers.pipedrive.com"}',
    '403\n\n{"success":false,"error":"You do not have permission","code":"feature_capping_forbidden"}',
    '429\nretry-after: 2\nx-ratelimit-limit: 80\nx-ratelimit-remaining: 0\nx-ratelimit-reset: 2\nx-daily-requests-left: 0\n\n{"success":false,"error":"Request over limit"}',
    '429\nretry-after: Wed, 21 Oct 2015 07:28:00 GMT\nx-ratelimit-reset: 1.5\n\n',
    '500\n\n<html><body>Internal error</body></html>',
    '502\nretry-after: 0.25\n\n',
    '301\nlocation: https://example.com/v1/deals\n\n',
    '400\n\n{"success":false,"error":{"message":"bad","fields":["title"]},"error_info":null}',
    '200\n\n{"success":false,"error":"Unknown error","errorCode":7}',
    '200\nx-ratelimit-remaining: 79\n\n{"success":"true","data":null}',
    '204\n\n',
    '200\n\n{"success":true,"data":[1],"additional_data":[],"related_objects":[]}',
    '500\n\n{"success":false,"error":"fuzz-secret-token-7f3a9c0d2e"}',
]

PAGINATION_ANSWERS = [
    'start=0\n---\n{"success":true,"data":[{"id":1}],"additional_data":{"pagination":{"start":0,"limit":1,"more_items_in_collection":true,"next_start":1}}}\n---\n{"success":true,"data":[{"id":2}],"additional_data":{"pagination":{"start":1,"limit":1,"more_items_in_collection":false}}}',
    'start=5\n---\n{"success":true,"data":[{"id":1}],"additional_data":{"pagination":{"more_items_in_collection":true,"next_start":5}}}',
    '\n---\n{"success":true,"data":[{"id":1},{"id":2}],"additional_data":{"pagination":{"more_items_in_collection":true}}}\n---\n{"success":true,"data":null}',
    'start=0\n---\n{"success":true,"data":[{"id":1}],"additional_data":{"pagination":{"more_items_in_collection":1,"next_start":1}}}',
    'start=0\n---\n{"success":true,"data":[{"id":1}],"additional_data":{"pagination":{"more_items_in_collection":"1","next_start":"1"}}}',
    'cursor=abc\n---\n{"success":true,"data":[{"id":1}],"additional_data":{"next_cursor":"def"}}\n---\n{"success":true,"data":[{"id":2}],"additional_data":{"next_cursor":"abc"}}',
    '\n---\n{"success":true,"data":[{"id":1}],"additional_data":{"next_cursor":""}}',
    'start=0&limit=2\n---\n429\nretry-after: 1\n\n{"success":false,"error":"Request over limit"}',
    'start=0\n---\n{"success":true,"data":{"items":[{"result_score":1,"item":{"id":1}}]},"additional_data":{"pagination":{"more_items_in_collection":true,"next_start":1}}}',
]


def write(target: str, name: str, text: str) -> None:
    directory = SEEDS / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")


def compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def model_parts(body: object) -> list:
    """The JSON objects a model is decoded from: `data` (each element of a list, the
    hits of a search and their items), `additional_data` and its pagination, every
    entry of `related_objects`, and the whole envelope."""
    parts = [body]
    if not isinstance(body, dict):
        return parts
    data = body.get("data")
    if isinstance(data, list):
        parts.extend(data)
    elif isinstance(data, dict):
        parts.append(data)
        for hit in data.get("items") or []:
            parts.append(hit)
            if isinstance(hit, dict):
                parts.append(hit.get("item"))
    additional = body.get("additional_data")
    if isinstance(additional, dict):
        parts.append(additional)
        parts.append(additional.get("pagination"))
    related = body.get("related_objects")
    if isinstance(related, dict):
        for kind in related.values():
            if isinstance(kind, dict):
                parts.extend(kind.values())
    return [p for p in parts if isinstance(p, (dict, list))]


# Nesting around the shared limit (pipedrive_types::json::MAX_DEPTH = 128), for the
# bindings target: arrays, objects and a deep value inside an ordinary record.
NESTED_DATA = [
    "[" * 126 + "]" * 126,
    "[" * 127 + "]" * 127,
    '{"a":' * 126 + "1" + "}" * 126,
    '{"id":1,"title":"x","f":' + "[" * 200 + "]" * 200 + "}",
    '[{"id":1,"tags":[["a",{"b":null}]]},{"id":"2","v":1e400}]',
]


def main() -> None:
    shutil.rmtree(SEEDS, ignore_errors=True)
    seen: dict[str, set[str]] = {
        "bindings": set(),
        "envelope": set(),
        "models": set(),
        "pagination": set(),
    }

    def add(target: str, stem: str, text: str) -> None:
        if len(text.encode("utf-8")) > MAX_SEED_BYTES:
            return
        key = digest(text)
        if key in seen[target]:
            return
        seen[target].add(key)
        write(target, f"{stem}-{key}", text)

    for path in sorted(FIXTURES.glob("*.json")):
        raw = path.read_text(encoding="utf-8")
        body = json.loads(raw)
        add("envelope", path.stem, raw)
        for part in model_parts(body):
            add("models", path.stem, compact(part))
        if isinstance(body, dict) and isinstance(body.get("data"), (list, dict)):
            add("pagination", path.stem, "start=0\n---\n" + compact(body))
            # What a binding converts lazily: a response's `data`, as text.
            add("bindings", path.stem, compact(body["data"]))

    for case in json.loads(CASES.read_text(encoding="utf-8")):
        request = case.get("body") or {}
        payload = request.get("json") if isinstance(request, dict) else None
        if isinstance(payload, (dict, list)):
            add("models", "request-" + case["id"].replace(".", "_"), compact(payload))

    for i, text in enumerate(ERROR_ANSWERS):
        add("envelope", f"answer{i:02}", text)
    for i, text in enumerate(NESTED_DATA):
        add("bindings", f"nested{i:02}", text)
    for i, text in enumerate(PAGINATION_ANSWERS):
        add("pagination", f"pages{i:02}", text)

    for target, keys in sorted(seen.items()):
        print(f"{target}: {len(keys)} seeds")


if __name__ == "__main__":
    main()
