"""Read the Docs builds what `make html` builds, from the same config file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import ROOT
from site_properties import html_of, source_pages

SCHEMA = ROOT.parent / "shared/data/readthedocs-config-v2.schema.json"
CONFIG = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())


@pytest.mark.skipif(not SCHEMA.exists(), reason="../shared/data is not beside this clone")
def test_config_validates_against_read_the_docs_schema():
    jsonschema.validate(CONFIG, json.loads(SCHEMA.read_text()))


def test_requirements_are_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert "==" in line, f"{name}: {line} is not pinned"


def test_build_steps_produce_the_site_and_the_editions(tmp_path, editions_toolchain):
    """Run the declared steps as Read the Docs does: from the root of a checkout,
    the HTML site, then the PDF and EPUB of `formats`."""
    assert set(CONFIG["formats"]) == {"pdf", "epub"}
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT, checkout, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "_build", "_readthedocs", "node_modules", ".pytest_cache"))
    output = checkout / "_readthedocs"
    env = {**os.environ, "READTHEDOCS_OUTPUT": str(output), "READTHEDOCS": "True",
           # the virtualenv's bin comes first on PATH, as on Read the Docs
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    jobs = CONFIG["build"]["jobs"]
    steps = jobs.get("post_install", []) + [c for f in ("html", *CONFIG["formats"]) for c in jobs["build"][f]]
    for command in steps:
        result = subprocess.run(command, shell=True, cwd=checkout, env=env, stdin=subprocess.DEVNULL,
                                capture_output=True, text=True)
        assert result.returncode == 0, (command, result.stdout[-2000:], result.stderr[-2000:])
    html = output / "html"
    assert (html / "index.html").exists()
    docs = checkout / "docs"  # a page for each source, in every summit and outside them
    assert {html_of(docs, page) for page in source_pages(docs)} <= \
        {p.relative_to(html).as_posix() for p in html.rglob("*.html")}
    assert 'class="sd-card' in (html / "tokyo-2015/day3/cinder-replication.html").read_text()
    # the diagrams are drawn when the site is built: inline, no Mermaid served at all
    kuryr = (html / "tokyo-2015/day2/overlay-network-containers.html").read_text()
    assert 'class="mermaid diagram-drawn"' in kuryr and "import mermaid" not in kuryr
    assert not (html / "_static/vendor/mermaid").exists()
    assert not (checkout / "_build/html").exists()  # Read the Docs rejects that folder
    # one file per format, where Read the Docs picks them up
    assert [p.name for p in (output / "pdf").iterdir()] == ["summit-notes.pdf"]
    assert [p.name for p in (output / "epub").iterdir()] == ["summit-notes.epub"]
    assert (output / "pdf/summit-notes.pdf").read_bytes().startswith(b"%PDF")
