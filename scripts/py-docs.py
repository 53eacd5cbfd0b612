#!/usr/bin/env python3
"""Builds the Python API reference of pipedrive_rs with pdoc; fails on any pdoc warning.

Usage: python scripts/py-docs.py [OUTPUT_DIR]   (default: target/doc/python)

Documents the package and every public submodule under it, found by walking the
installed package (names starting with `_` are private and left out), so a new public
module is picked up without editing this list. pdoc itself follows `__all__`, which
lists only some submodules. Signatures and type hints come from the `.pyi` stubs beside
each module. pdoc reports a docstring or stub it cannot process through the `warnings`
module; every warning is printed and makes the build fail.
"""

from __future__ import annotations

import ast
import importlib
import importlib.machinery
import importlib.util
import inspect
import pkgutil
import sys
import warnings
from pathlib import Path

PACKAGE = "pipedrive_rs"


def all_modules() -> list[str]:
    """Every module of the package, at any depth, by name (importing each)."""
    package = importlib.import_module(PACKAGE)
    names = [PACKAGE]
    for info in pkgutil.walk_packages(package.__path__, PACKAGE + "."):
        names.append(info.name)
    return names


def is_public(name: str) -> bool:
    return not any(part.startswith("_") for part in name.split(".")[1:])


def specs_for(modules: list[str]) -> list[str]:
    """The fewest pdoc specs covering `modules`: pdoc already walks into a package's
    submodules (those in its `__all__`, if it has one), and a module named twice is a
    warning."""
    import pdoc.extract

    specs: list[str] = []
    covered: set[str] = set()
    for name in modules:
        if name not in covered:
            specs.append(name)
            covered.update(pdoc.extract.walk_specs([name]))
    return specs


def define_annotation_names(name: str) -> None:
    """Runs the `if TYPE_CHECKING:` blocks of a private module, in this process only.

    The `.pyi` stubs import annotation-only names (`FileInput`, `ContactEntry`, ...)
    that the private modules define for type checkers only, so that `import
    pipedrive_rs` stays cheap. pdoc executes each stub to read its signatures; without
    these names the stubs would not import.
    """
    module = importlib.import_module(name)
    tree = ast.parse(inspect.getsource(module))
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name):
            if node.test.id == "TYPE_CHECKING":
                code = compile(ast.Module(node.body, []), module.__file__ or name, "exec")
                exec(code, module.__dict__)


def show_result_types(name: str) -> None:
    """Puts the stub's class in place of each result type that is an alias at run time.

    A result type (`v2.Deal`, `models.OrgRef`) is `Record` or `Ref` when the program
    runs; its fields are described by a class in the module's `.pyi` stub, for type
    checkers. The reference shows that class, in this process only.
    """
    from pipedrive_rs._native import Record, Ref

    module = importlib.import_module(name)
    path = Path(module.__file__ or "").with_suffix(".pyi")
    if not path.is_file():
        return
    stub_name = f"{name}__docs_stub"
    loader = importlib.machinery.SourceFileLoader(stub_name, str(path))
    spec = importlib.util.spec_from_file_location(stub_name, path, loader=loader)
    assert spec is not None
    stub = importlib.util.module_from_spec(spec)
    sys.modules[stub_name] = stub  # where pdoc reads the class's annotations
    loader.exec_module(stub)
    for attr, value in list(vars(module).items()):
        if value is Record or value is Ref:
            cls = getattr(stub, attr, None)
            if isinstance(cls, type) and attr not in ("Record", "Ref"):
                setattr(module, attr, cls)


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "target/doc/python")
    import pdoc
    import pdoc.render

    pdoc.render.configure(docformat="restructuredtext", search=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        everything = all_modules()
        modules = [m for m in everything if is_public(m)]
        for name in everything:
            if not is_public(name) and not name.endswith("._native"):
                try:
                    define_annotation_names(name)
                except Exception as e:
                    warnings.warn(f"cannot run the TYPE_CHECKING blocks of {name}: {e!r}")
        for name in modules:
            show_result_types(name)
        pdoc.pdoc(*specs_for(modules), output_directory=out)
    for w in caught:
        print(f"pdoc warning: {w.category.__name__}: {w.message}", file=sys.stderr)
    if caught:
        print(f"py-docs: {len(caught)} warning(s), failing", file=sys.stderr)
        return 1
    print(f"py-docs: {len(modules)} modules ({', '.join(modules)}) -> {out}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
