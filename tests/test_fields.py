"""A session field is declared once, in ``metadata.FIELDS``.

The test adds a ``:level:`` field as one entry to a copy of the package, and
nothing else: the option is parsed and checked, shown on the card, exported
in sessions.json and its schema, selectable nowhere it should not be, and
offered by the scaffold's page template.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
from bs4 import BeautifulSoup
from conftest import ROOT, ROOTS

VIDEO = '    _url_field("video", _("Recording"), "The recording: an http(s) URL."),\n'
ANCHOR = '    _url_field("video", '
# (a field FIELDS does not have: the test adds it)
LEVEL = ('    Field("level", None, {"type": ["string", "null"], "description": "Who it was for."},\n'
        '          card="text", label=_("Level"), hint="who it was for"),\n')


def package_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of ext/ whose metadata.py has ``new`` in place of ``old``."""
    ext = tmp_path / "ext"
    shutil.copytree(ROOT / "ext" / "sphinx_summit", ext / "sphinx_summit",
                    ignore=shutil.ignore_patterns("__pycache__"))
    metadata = ext / "sphinx_summit" / "metadata.py"
    text = metadata.read_text(encoding="utf-8")
    assert text.count(old) == 1
    metadata.write_text(text.replace(old, new), encoding="utf-8")
    return ext


def package_with_a_level(tmp_path: Path) -> Path:
    """A copy of ext/ whose FIELDS has one more entry, ``level``."""
    return package_with(tmp_path, ANCHOR, LEVEL + ANCHOR)


def run(ext: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ext)}  # before the installed package
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_a_field_added_to_fields_reaches_the_card_the_export_its_schema_and_the_scaffold(tmp_path):
    ext = package_with_a_level(tmp_path)
    site = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", site)
    page = site / "cinder.md"
    page.write_text(page.read_text(encoding="utf-8").replace(":day: 1\n", ":day: 1\n:level: Beginners\n"),
                    encoding="utf-8")
    (site / "swift.md").write_text((site / "swift.md").read_text(encoding="utf-8")
                                   .replace("\n:day:", "\n:level:\n:day:", 1), encoding="utf-8")

    built = run(ext, "-m", "sphinx", "-b", "html", "-q", str(site), str(site / "_build"), cwd=site)
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    # an empty :level: is an author's mistake, told with its file and line
    assert "swift.md:" in built.stderr and "option ':level:' is empty" in built.stderr

    card = BeautifulSoup((site / "_build" / "cinder.html").read_text(encoding="utf-8"), "html.parser")
    name = card.select_one(".session-card dt.summit-level")
    assert name is not None and name.get_text().strip() == "Level:"
    assert name.find_next_sibling("dd").get_text().strip() == "Beginners"

    data = json.loads((site / "_build" / "sessions.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "_build" / "sessions.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert "level" in schema["$defs"]["session"]["required"]
    levels = {s["title"]: s["level"] for s in data["sessions"]}
    assert levels["Cinder in practice"] == "Beginners"
    assert set(levels.values()) == {"Beginners", None}

    # the scaffold's new page names the option, with its hint
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    made = run(ext, "-m", "sphinx_summit.scaffold", "session", f"--srcdir={docs}", "--summit=tokyo-2015",
               "--day=2", "--title=A talk for beginners", cwd=ROOT)
    assert made.returncode == 0, made.stderr
    new_page = docs / "tokyo-2015" / "day2" / "a-talk-for-beginners.md"
    assert ":level: who it was for" in new_page.read_text(encoding="utf-8")


def test_an_environment_stored_with_other_fields_reads_every_page_again(tmp_path):
    """A page is not read again unless it changed; but when the package's fields
    change, what the environment stored was made by the old ones."""
    site = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", site)
    page = site / "cinder.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        ":day: 1\n", ":day: 1\n:video: https://www.youtube.com/watch?v=cinder\n"), encoding="utf-8")
    build = ["-m", "sphinx", "-b", "html", "-q", str(site), str(site / "_build")]
    first = subprocess.run([sys.executable, *build], cwd=site, capture_output=True, text=True)
    assert first.returncode == 0 and first.stderr == "", first.stderr
    html = (site / "_build" / "cinder.html").read_text(encoding="utf-8")
    assert "Recording" in BeautifulSoup(html, "html.parser").select_one(".session-card").get_text()

    # the same sources, built by a package without the video field
    ext = package_with(tmp_path, VIDEO, "")
    second = run(ext, *build, cwd=site)
    assert "cinder.md:" in second.stderr and "Unknown option key: 'video'" in second.stderr, second.stderr
    assert "Traceback" not in second.stderr
