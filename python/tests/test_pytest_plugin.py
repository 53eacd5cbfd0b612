"""The pytest plugin shipped in the package (pipedrive_rs.pytest_plugin): its fixtures
in a fresh project, reset between tests, the ini options and the marker.

Each test writes a small project and runs pytest on it in this process (`pytester`);
the plugin comes from the installed package's `pytest11` entry point, as it does for
users."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest

# Imported here so pytester's inline runs find it in sys.modules and keep it: the native
# module raises the classes of the first import, and a module imported inside a run
# is dropped afterwards, so a later run would re-import it and catch other classes.
import pipedrive_rs.errors  # noqa: F401

pytest_plugins = ["pytester"]


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    # -p no:randomly and the like are not needed: the tests run in file order.
    return pytester.runpytest("-p", "no:cacheprovider", *args)


def test_the_entry_point_names_the_plugin() -> None:
    found = [
        ep for ep in metadata.entry_points(group="pytest11") if ep.name == "pipedrive_rs"
    ]
    assert [ep.value for ep in found] == ["pipedrive_rs.pytest_plugin"]


def test_fixtures_work_in_a_fresh_project(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_deals="""
        import pipedrive_rs
        from pipedrive_rs.testing import Sandbox

        def test_create_deal(pipedrive_client):
            deal = pipedrive_client.v2.deals.create(title="Forty licences")
            assert pipedrive_client.v2.deals.get(deal.id).title == "Forty licences"

        def test_the_fixtures(pipedrive_sandbox, pipedrive_client):
            assert isinstance(pipedrive_sandbox, Sandbox) and pipedrive_sandbox.running
            assert isinstance(pipedrive_client, pipedrive_rs.Client)
            assert pipedrive_sandbox.count("deals") == 100
            assert pipedrive_client.users.me().id is not None
        """
    )
    result = run(pytester, "-W", "error::DeprecationWarning")
    result.assert_outcomes(passed=2)


def test_each_test_sees_the_fresh_account_and_no_faults(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_isolation="""
        import pytest
        import pipedrive_rs

        STATE = {}

        def test_first_changes_everything(pipedrive_sandbox, pipedrive_client):
            STATE["port"] = pipedrive_sandbox.port
            deal = pipedrive_client.v2.deals.create(title="Left behind")
            STATE["id"] = deal.id
            pipedrive_client.v2.deals.delete(1)
            assert pipedrive_sandbox.count("deals") == 100
            pipedrive_sandbox.fail_next(50, status=500)
            pipedrive_sandbox.delay(0.05)

        def test_second_starts_clean(pipedrive_sandbox, pipedrive_client):
            assert pipedrive_sandbox.port == STATE["port"]  # the same server, reset
            assert pipedrive_sandbox.faults()["fail_next"]["n"] == 0
            assert pipedrive_sandbox.faults()["delay_ms"] == 0
            assert pipedrive_sandbox.stats()["requests_served"] == 0
            assert pipedrive_sandbox.count("deals") == 100
            assert pipedrive_client.v2.deals.get(1).id == 1
            with pytest.raises(pipedrive_rs.NotFoundError):
                pipedrive_client.v2.deals.get(STATE["id"])
            # Ids start over, as in a fresh sandbox.
            assert pipedrive_client.v2.deals.create(title="Again").id == STATE["id"]
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_ini_options_scope_seed_deals_token(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        pipedrive_sandbox_scope = test
        pipedrive_sandbox_seed = 9
        pipedrive_sandbox_deals = 7
        pipedrive_sandbox_token = secret-for-tests
        """
    )
    pytester.makepyfile(
        test_scope="""
        import pytest
        import pipedrive_rs

        PORTS = []

        @pytest.mark.parametrize("round", [1, 2])
        def test_a_new_server_per_test(round, pipedrive_sandbox, pipedrive_client):
            assert pipedrive_sandbox.port not in PORTS
            PORTS.append(pipedrive_sandbox.port)
            assert pipedrive_sandbox.seed == 9
            assert pipedrive_sandbox.count("deals") == 7
            assert pipedrive_sandbox.token == "secret-for-tests"
            assert pipedrive_client.users.me().id is not None
            with pipedrive_rs.Client("other", base_url=pipedrive_sandbox.url, max_retries=0) as c:
                with pytest.raises(pipedrive_rs.AuthenticationError):
                    c.users.me()
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_a_bad_scope_is_reported(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\npipedrive_sandbox_scope = module\n")
    pytester.makepyfile(test_bad="def test_it(pipedrive_sandbox):\n    pass\n")
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*pipedrive_sandbox_scope must be*"])


def test_the_marker_gives_a_test_its_own_sandbox(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_marker="""
        import pytest

        SHARED = {}

        def test_shared_before(pipedrive_sandbox):
            SHARED["port"] = pipedrive_sandbox.port
            assert pipedrive_sandbox.count("deals") == 100

        @pytest.mark.pipedrive_sandbox(seed=4, deals=3, token="marked")
        def test_marked(pipedrive_sandbox, pipedrive_client):
            assert pipedrive_sandbox.port != SHARED["port"]
            assert pipedrive_sandbox.count("deals") == 3
            assert pipedrive_sandbox.token == "marked"
            assert len(pipedrive_client.v2.deals.list().to_list()) == 3

        def test_shared_after(pipedrive_sandbox):
            assert pipedrive_sandbox.port == SHARED["port"]
            assert pipedrive_sandbox.count("deals") == 100

        @pytest.mark.pipedrive_sandbox(colour="red")
        def test_unknown_marker_keyword(pipedrive_sandbox):
            pass
        """
    )
    result = run(pytester, "--strict-markers")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*pipedrive_sandbox*colour*"])


def test_marker_and_ini_options_are_registered(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(["*@pytest.mark.pipedrive_sandbox(seed=1, deals=100, token=None)*"])
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(["*pipedrive_sandbox_scope*", "*pipedrive_sandbox_deals*"])


def test_faults_do_not_leak_into_the_next_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_faults="""
        def test_sets_faults(pipedrive_sandbox):
            pipedrive_sandbox.rate_limit(burst=0, retry_after=60)
            pipedrive_sandbox.answer_next("error-500", "error-500")
            pipedrive_sandbox.drop_next(3)

        def test_sees_none(pipedrive_sandbox):
            # No retries: any fault left over would fail these calls.
            with pipedrive_sandbox.client(max_retries=0) as c:
                for _ in range(5):
                    assert c.users.me().id is not None
        """
    )
    run(pytester).assert_outcomes(passed=2)


def readme_blocks() -> list[str]:
    readme = Path(__file__).resolve().parents[1] / "README.md"
    text = readme.read_text(encoding="utf-8")
    section = text.split("## Testing your code", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_the_readme_examples_run(pytester: pytest.Pytester) -> None:
    blocks = readme_blocks()
    tests = [b for b in blocks if "def test_" in b]
    assert len(tests) == 2 and len(blocks) == 3, blocks
    pytester.makepyfile(**{f"test_readme_{i}": b for i, b in enumerate(tests)})
    n = sum(b.count("def test_") for b in tests)
    run(pytester, "-W", "error::DeprecationWarning").assert_outcomes(passed=n)
    (script,) = [b for b in blocks if "def test_" not in b]
    exec(compile(script, "README.md", "exec"), {})
