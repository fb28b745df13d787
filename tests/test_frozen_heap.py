"""The environment is frozen out of the garbage collector only while pages are written."""

from __future__ import annotations

import gc

import pytest


@pytest.mark.sphinx("html", testroot="basic", confoverrides={
    "extensions": ["myst_parser", "sphinx_design", "sphinxcontrib.mermaid",
                   "sphinx_summit.mermaid", "sphinx_summit", "sphinx_summit.frozen_heap"]})
def test_environment_is_frozen_while_writing_and_released_after(app):
    frozen_while_writing = []
    app.connect("doctree-resolved", lambda app, doctree, docname:
                frozen_while_writing.append(gc.get_freeze_count()))
    assert gc.get_freeze_count() == 0
    app.build()
    assert frozen_while_writing and min(frozen_while_writing) > 1000  # the environment is in there
    assert gc.get_freeze_count() == 0  # and given back: a test run does not keep every build
    assert (app.outdir / "cinder.html").exists()
