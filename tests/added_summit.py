"""A copy of docs/ with a summit and sessions added as an author adds them (the
scaffold of `make summit` and `make session`, then a card filled in): the fixture
``added``, built once per run and shared by the tests of any content
(test_any_content.py) and the reader's tests on a site of two summits."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from itertools import count
from pathlib import Path

import pytest
from conftest import ROOT

SESSIONS = [  # day, title, format
    (1, "Opening keynote", "keynote"),
    (2, "Block storage at scale", "talk"),
    (2, "Networks for containers", "panel"),
]
# What the author writes into two of the cards (projects and topics of the catalogue)
CARDS = {
    "Block storage at scale": ":speakers: Ada Example, Ben Sample\n:organizations: Example Cloud\n"
                              ":projects: Cinder, Neutron\n:topics: storage\n",
    "Networks for containers": ":speakers: Ada Example\n:projects: Neutron, Kuryr\n:topics: containers\n",
}


def scaffold(*args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "sphinx_summit.scaffold", *args],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def added(tmp_path_factory) -> tuple[Path, Path, str]:
    """A copy of docs/ with one more summit of three sessions on two days, built as
    `make html` builds (-W --keep-going -n, as conftest's real_site): (docs, html, folder)."""
    tmp = tmp_path_factory.mktemp("any-content")
    docs = tmp / "docs"
    shutil.copytree(ROOT / "docs", docs)
    # a folder no summit or page of docs/ has, whatever an author added there
    folder = next(name for name in (f"any-content-{n}" for n in count(1))
                  if not (docs / name).exists() and not list(docs.glob(f"{name}.*")))
    source = ("--srcdir", str(docs), "--confdir", str(ROOT))
    scaffold("summit", *source, "--folder", folder, "--title", f"A Summit in {folder}",
             "--short-title", folder, "--start", "2031-05-12", "--end", "2031-05-14",
             "--place", "Anywhere", "--release", "Zeta", "--cycle", "Eta")
    for day, title, session_format in SESSIONS:
        scaffold("session", *source, "--summit", folder, "--day", str(day), "--title", title,
                 "--format", session_format)
    for title, options in CARDS.items():
        page = next(p for p in (docs / folder).rglob("*.md") if p.read_text().startswith(f"# {title}\n"))
        text, found = re.subn(r"(:::\{session\}\n(?::.*\n)*?):::\n", lambda m: m.group(1) + options + ":::\n",
                              page.read_text(), count=1)
        assert found == 1, page
        page.write_text(text)
    html = tmp / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q",
         "-c", str(ROOT), "-d", str(tmp / "doctrees"), str(docs), str(html)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return docs, html, folder
