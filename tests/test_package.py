"""The package is complete: `pip install` of it alone brings everything its
modules import (pyproject.toml's dependencies, and what they depend on).

Read from the code and the installed packages' metadata rather than by
installing into a new environment (minutes, and PyPI): every import of every
module of sphinx_summit, at its top or inside a function, is the standard
library, the package itself, or a distribution pyproject.toml's dependencies
bring; an import inside a function may also come from one of its extras."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import sys
import tomllib
from importlib.metadata import packages_distributions, requires

import sphinx_summit
from conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# read only when the site itself loads that extension, which the site installs
SITE_EXTENSIONS = {"sphinx_sitemap": "sphinx_summit.incremental keeps sphinx-sitemap's pages"}


def name_of(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group(0)).lower()


def brought_by(requirements: list[str]) -> set[str]:
    """The distributions these requirements install: themselves and theirs, recursively."""
    found, todo = set(), [name_of(r) for r in requirements]
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo += [name_of(r) for r in requires(name) or () if "extra ==" not in r]
    return found


def imports() -> dict[tuple[str, bool], set[str]]:
    """(top-level module imported, at the module's top?) -> the modules importing it."""
    found: dict[tuple[str, bool], set[str]] = {}
    for path in sorted(ROOT.glob("ext/sphinx_summit/**/*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.partition(".")[0]
                if top not in sys.stdlib_module_names and top != "sphinx_summit":
                    found.setdefault((top, node in tree.body), set()).add(path.relative_to(ROOT).as_posix())
    return found


def test_every_import_is_brought_by_the_declared_dependencies():
    distributions = packages_distributions()
    base = brought_by(PROJECT["dependencies"])
    extras = brought_by([r for group in PROJECT.get("optional-dependencies", {}).values() for r in group])
    missing = []
    for (module, at_top), where in sorted(imports().items()):
        if not at_top and module in SITE_EXTENSIONS:
            continue
        installed_by = {name_of(d) for d in distributions.get(module, [module])}
        if not installed_by & (base if at_top else base | extras):
            missing.append(f"{module} ({', '.join(sorted(installed_by))}), imported by {', '.join(sorted(where))}")
    assert missing == [], "not in pyproject.toml's dependencies"
    assert imports()  # (the walk found the package's imports)


def test_every_module_imports():
    names = [m.name for m in pkgutil.walk_packages(sphinx_summit.__path__, "sphinx_summit.")]
    assert "sphinx_summit.mermaid.drawing" in names
    for name in names:
        importlib.import_module(name)
