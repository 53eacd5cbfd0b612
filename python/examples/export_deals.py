"""Streams every deal into a CSV file through API v2, one page in memory at a time,
custom fields included (as one JSON column, keyed by their 40-character keys)::

    python python/examples/export_deals.py deals.csv
"""

from __future__ import annotations

import csv
import json
import os
import sys
from typing import Any, Dict, List

import pipedrive_rs
from pipedrive_rs.testing import sandbox


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def export(client: pipedrive_rs.Client, path: str) -> int:
    columns: List[str] = []
    rows = 0
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer: "csv.DictWriter[str]" = csv.DictWriter(f, fieldnames=[], extrasaction="ignore")
        for page in client.v2.deals.list(limit=500).pages():
            for deal in page.items:
                record: Dict[str, Any] = deal.to_dict()
                if not columns:
                    columns = list(record)
                    writer.fieldnames = columns
                    writer.writeheader()
                writer.writerow({k: cell(v) for k, v in record.items()})
                rows += 1
    return rows


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else "deals.csv"
    if os.environ.get("PIPEDRIVE_API_TOKEN"):
        with pipedrive_rs.Client() as client:
            n = export(client, path)
    else:
        with sandbox(seed=7) as box, box.client() as client:
            n = export(client, path)
    print(f"wrote {n} deals to {path}")


if __name__ == "__main__":
    main()
