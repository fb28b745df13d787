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


def test_build_step_produces_the_site(tmp_path):
    """Run the declared html step as Read the Docs does: from the root of a checkout."""
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT, checkout, ignore=shutil.ignore_patterns(
        ".git", ".venv", "_build", "_readthedocs", "node_modules", ".pytest_cache"))
    output = checkout / "_readthedocs"
    env = {**os.environ, "READTHEDOCS_OUTPUT": str(output), "READTHEDOCS": "True",
           # the virtualenv's bin comes first on PATH, as on Read the Docs
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    jobs = CONFIG["build"]["jobs"]
    for command in jobs.get("post_install", []) + jobs["build"]["html"]:
        result = subprocess.run(command, shell=True, cwd=checkout, env=env,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    html = output / "html"
    assert (html / "index.html").exists()
    assert len(list(html.glob("tokyo-2015/day*/index.html"))) == 4
    assert len(list(html.glob("tokyo-2015/day*/*.html"))) == 29 + 4
    assert 'class="sd-card' in (html / "tokyo-2015/day3/cinder-replication.html").read_text()
    assert (html / "_static/vendor/mermaid/mermaid.esm.min.mjs").exists()  # no CDN
    assert not (checkout / "_build/html").exists()  # Read the Docs rejects that folder
