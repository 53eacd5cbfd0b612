"""A small CRM workflow: organization, person, deal; list, search, update, clean up.

Runs against an in-process sandbox (pipedrive_rs.testing) by default, or against your Pipedrive account
when PIPEDRIVE_API_TOKEN is set (it then creates and deletes a few records there)::

    python python/examples/deals_workflow.py
"""

from __future__ import annotations

import contextlib
import logging
import os
from typing import Iterator

import pipedrive_rs
from pipedrive_rs.v2 import ListDealsStatus
from pipedrive_rs.testing import sandbox


@contextlib.contextmanager
def connect() -> Iterator[pipedrive_rs.Client]:
    if os.environ.get("PIPEDRIVE_API_TOKEN"):
        with pipedrive_rs.Client() as client:
            yield client
    else:
        with sandbox(seed=7) as box, box.client() as client:
            yield client


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    if os.environ.get("PIPEDRIVE_DEBUG"):
        logging.getLogger("pipedrive_rs").setLevel(logging.DEBUG)
    with connect() as client:
        # Deals, persons and organizations are served by API v2 (``client.v2``); their
        # v1 methods still work but warn (``DeprecationWarning``).
        v2 = client.v2
        org = v2.organizations.create(name="Acme Ltd")
        person = v2.persons.create(
            name="Ada Lovelace",
            org_id=org.id,
            emails=[{"value": "ada@example.com", "primary": True, "label": "work"}],
        )
        deal = v2.deals.create(
            title="Forty licences",
            value=4000.0,
            currency="EUR",
            person_id=person.id,
            org_id=org.id,
        )
        print(f"created {deal!r}")

        open_deals = 0
        for d in v2.deals.list(status=ListDealsStatus.OPEN, limit=100):
            open_deals += 1
        print(f"{open_deals} open deals")

        for hit in v2.deals.search(term="licences", limit=5):
            print(f"search hit {hit.item.id}: {hit.item.title} (score {hit.result_score})")

        won = v2.deals.update(deal.id, status="won")
        print(f"deal {won.id} is now {won.status}; raw fields: {len(won.to_dict())}")

        try:
            v2.deals.get(987654321)
        except pipedrive_rs.NotFoundError as e:
            print(f"as expected: {e.status} {e.error}")

        v2.deals.delete(deal.id)
        v2.persons.delete(person.id)
        v2.organizations.delete(org.id)
        print(f"rate limit after the run: {client.last_rate_limit}")

if __name__ == "__main__":
    main()
