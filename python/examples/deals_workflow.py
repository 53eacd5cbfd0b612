"""A small CRM workflow: organization, person, deal; list, search, update, clean up.

Runs against a local pipedrive-sandbox by default, or against your Pipedrive account
when PIPEDRIVE_API_TOKEN is set (it then creates and deletes a few records there)::

    python python/examples/deals_workflow.py
"""

from __future__ import annotations

import contextlib
import logging
import os
from decimal import Decimal
from typing import Iterator

import pipedrive_rs
from pipedrive_rs.models import DealStatusFilter
from pipedrive_rs.testing import sandbox


@contextlib.contextmanager
def connect() -> Iterator[pipedrive_rs.Client]:
    if os.environ.get("PIPEDRIVE_API_TOKEN"):
        with pipedrive_rs.Client() as client:
            yield client
    else:
        with sandbox(seed=7) as url, pipedrive_rs.Client("sandbox", base_url=url) as client:
            yield client


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    if os.environ.get("PIPEDRIVE_DEBUG"):
        logging.getLogger("pipedrive_rs").setLevel(logging.DEBUG)
    with connect() as client:
        org = client.organizations.create(name="Acme Ltd")
        person = client.persons.create(
            name="Ada Lovelace",
            org_id=org.id,
            email=[{"value": "ada@example.com", "primary": True, "label": "work"}],
        )
        deal = client.deals.create(
            title="Forty licences",
            value=Decimal("4000.00"),
            currency="EUR",
            person_id=person.id,
            org_id=org.id,
        )
        print(f"created {deal!r}")

        open_deals = 0
        for d in client.deals.list(status=DealStatusFilter.OPEN, limit=100):
            open_deals += 1
        print(f"{open_deals} open deals")

        for hit in client.deals.search(term="licences", limit=5):
            print(f"search hit {hit.item.id}: {hit.item.title} (score {hit.result_score})")

        won = client.deals.update(deal.id, status="won")
        print(f"deal {won.id} is now {won.status}; raw fields: {len(won.to_dict())}")

        try:
            client.deals.get(987654321)
        except pipedrive_rs.NotFoundError as e:
            print(f"as expected: {e.status} {e.error}")

        client.deals.delete(deal.id)
        client.persons.delete(person.id)
        client.organizations.delete(org.id)
        print(f"rate limit after the run: {client.last_rate_limit}")


if __name__ == "__main__":
    main()
