"""The pytest plugin as a user's test suite sees it: the wheel registers it (entry point
pytest11), so its fixtures need no import and no conftest.py."""

from typing import Any


def test_the_fixtures_serve_a_client_and_its_sandbox(pipedrive_client: Any, pipedrive_sandbox: Any) -> None:
    deal = pipedrive_client.v2.deals.create(title="From the plugin")
    assert pipedrive_client.v2.deals.get(deal.id).title == "From the plugin"
    assert pipedrive_sandbox.stats()["requests_served"] >= 2


def test_the_clients_retries_absorb_injected_failures(pipedrive_client: Any, pipedrive_sandbox: Any) -> None:
    deal = pipedrive_client.v2.deals.create(title="Retried")
    pipedrive_sandbox.fail_next(2, status=503)
    assert pipedrive_client.v2.deals.get(deal.id).title == "Retried"
