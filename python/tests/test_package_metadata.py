"""What a user sees of the package on an index page: its summary, the README as the long
description, the Python versions, classifiers, license and project links."""

import importlib.metadata


def test_the_index_page_metadata() -> None:
    md = importlib.metadata.metadata("pipedrive-rs")
    assert "Pipedrive" in md["Summary"] and "v2" in md["Summary"]
    assert md["Requires-Python"] == ">=3.9"
    classifiers = md.get_all("Classifier") or []
    for wanted in ("Typing :: Typed", "Programming Language :: Rust", "Intended Audience :: Developers"):
        assert wanted in classifiers, classifiers
    assert "MIT" in (md["License"] or "") + " ".join(classifiers)
    links = dict(u.split(", ", 1) for u in md.get_all("Project-URL") or [])
    assert {"Repository", "Documentation", "Issues"} <= set(links), links
    # The long description is python/README.md, rendered as Markdown.
    assert md["Description-Content-Type"].startswith("text/markdown")
    dist = importlib.metadata.distribution("pipedrive-rs")
    text = dist.read_text("METADATA") or ""
    assert "# pipedrive-rs for Python" in text


def test_the_license_files_ship_with_it() -> None:
    # "MIT OR Apache-2.0": both texts travel in the dist-info (and the sdist), as the
    # licenses require.
    md = importlib.metadata.metadata("pipedrive-rs")
    assert sorted(md.get_all("License-File") or []) == ["LICENSE-APACHE", "LICENSE-MIT"]
    dist = importlib.metadata.distribution("pipedrive-rs")
    mit = dist.read_text("licenses/LICENSE-MIT") or ""
    apache = dist.read_text("licenses/LICENSE-APACHE") or ""
    assert "Permission is hereby granted, free of charge" in mit
    assert "Apache License" in apache and "Version 2.0" in apache
