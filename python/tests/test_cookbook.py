"""Runs every Python recipe of docs/cookbook.md against the sandbox, so the cookbook
cannot drift from the package. A recipe starts from a ready ``client`` (built as in the
README's quick start); each runs in a fresh namespace and must not raise."""

import re
import warnings
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

import pipedrive_rs

COOKBOOK = Path(__file__).resolve().parents[2] / "docs" / "cookbook.md"


def recipes() -> List[Tuple[str, str]]:
    """(heading, code) for each ```python block, named after the heading above it. The
    code is padded with blank lines so that tracebacks give the line in the cookbook."""
    text = COOKBOOK.read_text()
    found: List[Tuple[str, str]] = []
    heading = "cookbook"
    for m in re.finditer(r"^(#{2,4}) ([^\n]+)$|^```python\n(.*?)^```$", text, re.M | re.S):
        if m.group(2):
            heading = m.group(2).strip()
        elif m.group(3) is not None:
            first_line = text.count("\n", 0, m.start(3))
            found.append((heading, "\n" * first_line + m.group(3)))
    return found


RECIPES = recipes()


def test_the_cookbook_has_python_recipes() -> None:
    assert len(RECIPES) >= 4, [h for h, _ in RECIPES]


@pytest.mark.parametrize("code", [c for _, c in RECIPES], ids=[h for h, _ in RECIPES])
def test_recipe(code: str, sandbox_client: pipedrive_rs.Client) -> None:
    namespace: Dict[str, object] = {"client": sandbox_client, "__name__": "cookbook"}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(compile(code, str(COOKBOOK), "exec"), namespace)
    # The recipes show the supported path: no call Pipedrive deprecated.
    deprecated = [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)]
    assert not deprecated, deprecated
