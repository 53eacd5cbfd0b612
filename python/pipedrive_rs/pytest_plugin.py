"""pytest fixtures for code that talks to Pipedrive, registered automatically when
pipedrive-rs is installed (entry point ``pytest11``)::

    def test_create_deal(pipedrive_client):
        deal = pipedrive_client.v2.deals.create(title="Forty licences")
        assert pipedrive_client.v2.deals.get(deal.id).title == "Forty licences"

``pipedrive_sandbox``
    A running :class:`pipedrive_rs.testing.Sandbox`. By default one server serves the
    whole session and is reset before each test, so every test starts from the same
    seeded account with no faults, whatever the test before it did.
``pipedrive_client``
    A :class:`pipedrive_rs.Client` pointed at that sandbox, closed after the test.

Settings (``pytest.ini``, ``[tool.pytest.ini_options]``, ...):

- ``pipedrive_sandbox_scope = session`` (the default) or ``test`` (a new server for
  every test instead of a reset);
- ``pipedrive_sandbox_seed`` (default 1), ``pipedrive_sandbox_deals`` (default 100),
  ``pipedrive_sandbox_token`` (by default any non-empty token is accepted).

A test marked ``@pytest.mark.pipedrive_sandbox(seed=..., deals=..., token=...)`` gets a
server of its own with those settings (the others from the ini options).

pytest loads this module only when it runs; ``import pipedrive_rs`` never imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterator, Optional

import pytest

if TYPE_CHECKING:
    from ._client import Client
    from .testing import Sandbox

SCOPES = ("session", "test")
MARKER = "pipedrive_sandbox"
_MARKER_KEYS = ("seed", "deals", "token")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "pipedrive_sandbox_scope",
        "pipedrive_sandbox fixture: 'session' (one server, reset before each test) or "
        "'test' (a new server per test)",
        default="session",
    )
    parser.addini(
        "pipedrive_sandbox_seed",
        "pipedrive_sandbox fixture: the seed of the demo account",
        default="1",
    )
    parser.addini(
        "pipedrive_sandbox_deals",
        "pipedrive_sandbox fixture: how many deals the seed creates",
        default="100",
    )
    parser.addini(
        "pipedrive_sandbox_token",
        "pipedrive_sandbox fixture: the only API token accepted (empty: any)",
        default="",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(seed=1, deals=100, token=None): this test gets its own fresh "
        "pipedrive-rs sandbox with these settings",
    )


def _whole(config: pytest.Config, name: str) -> int:
    raw = str(config.getini(name)).strip()
    try:
        value = int(raw)
    except ValueError:
        raise pytest.UsageError(f"{name} must be a whole number, got {raw!r}") from None
    if value < 0:
        raise pytest.UsageError(f"{name} must be 0 or more, got {value}")
    return value


def _settings(config: pytest.Config) -> Dict[str, Any]:
    token = str(config.getini("pipedrive_sandbox_token")).strip()
    return {
        "seed": _whole(config, "pipedrive_sandbox_seed"),
        "deals": _whole(config, "pipedrive_sandbox_deals"),
        "token": token or None,
    }


def _scope(config: pytest.Config) -> str:
    scope = str(config.getini("pipedrive_sandbox_scope")).strip().lower()
    if scope not in SCOPES:
        raise pytest.UsageError(
            f"pipedrive_sandbox_scope must be 'session' or 'test', got {scope!r}"
        )
    return scope


def _started(settings: Dict[str, Any]) -> "Sandbox":
    from .testing import Sandbox

    return Sandbox(settings["seed"], deals=settings["deals"], token=settings["token"]).start()


@pytest.fixture(scope="session")
def _pipedrive_sandbox_session(pytestconfig: pytest.Config) -> Iterator["Sandbox"]:
    """The server shared by the session (started by the first test that needs it)."""
    box = _started(_settings(pytestconfig))
    try:
        yield box
    finally:
        box.stop()


@pytest.fixture
def pipedrive_sandbox(request: pytest.FixtureRequest) -> Iterator["Sandbox"]:
    """A running pipedrive-rs sandbox in its freshly seeded state, with no faults."""
    config = request.config
    marker: Optional[pytest.Mark] = request.node.get_closest_marker(MARKER)
    if marker is None and _scope(config) == "session":
        shared: "Sandbox" = request.getfixturevalue("_pipedrive_sandbox_session")
        shared.reset()
        yield shared
        return
    settings = _settings(config)
    if marker is not None:
        if marker.args:
            raise pytest.UsageError(f"@pytest.mark.{MARKER} takes keywords: {_MARKER_KEYS}")
        unknown = sorted(set(marker.kwargs) - set(_MARKER_KEYS))
        if unknown:
            raise pytest.UsageError(
                f"@pytest.mark.{MARKER} got {unknown}; it takes {_MARKER_KEYS}"
            )
        settings.update(marker.kwargs)
    box = _started(settings)
    try:
        yield box
    finally:
        box.stop()


@pytest.fixture
def pipedrive_client(pipedrive_sandbox: "Sandbox") -> Iterator["Client"]:
    """A :class:`pipedrive_rs.Client` for ``pipedrive_sandbox``, closed after the test."""
    client = pipedrive_sandbox.client()
    try:
        yield client
    finally:
        client.close()
