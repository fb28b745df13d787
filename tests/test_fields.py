"""A session field is declared once, in ``metadata.FIELDS``.

The test adds a ``:level:`` field as one entry to a copy of the package, and
nothing else: the option is parsed and checked, shown on the card, exported
in sessions.json and its schema, selectable nowhere it should not be, and
offered by the scaffold's page template.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import jsonschema
from bs4 import BeautifulSoup
from conftest import ROOT, ROOTS

from sphinx_summit.metadata import FIELD, FIELDS, Session

VIDEO = '    _url_field("video", _("Recording"), "The recording: an http(s) URL."),\n'
ANCHOR = '    _url_field("video", '
# (a field FIELDS does not have: the test adds it)
LEVEL = ('    Field("level", None, {"type": ["string", "null"], "description": "Who it was for."},\n'
         '          card="text", label=_("Level"), hint="who it was for"),\n')
# the session record's line of each field (Session, written out beside FIELDS)
VIDEO_RECORD, LEVEL_RECORD = "    video: str | None = None\n", "    level: str | None = None\n"
# FIELDS' room, made the entries of an index of its own: a one-value indexed field
ROOM_CARD, INDEXED_ROOM = 'card="text", label=_("Room"),', 'index="room", card="badges", colour="light", label=_("Room"),'
ROOM_INDEX = ('    IndexKind("room", "roomindex", _("Room index"), _("rooms")),\n'
              '    IndexKind(\n        "person", ')


def package_with(tmp_path: Path, *changes: tuple[str, str, str]) -> Path:
    """A copy of ext/ with each change (module, old, new): ``new`` in place of ``old``."""
    ext = tmp_path / "ext"
    shutil.copytree(ROOT / "ext" / "sphinx_summit", ext / "sphinx_summit",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for module, old, new in changes:
        path = ext / "sphinx_summit" / module
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (module, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    return ext


def package_with_a_level(tmp_path: Path) -> Path:
    """A copy of ext/ whose FIELDS (and Session) have one more entry, ``level``."""
    return package_with(tmp_path, ("metadata.py", ANCHOR, LEVEL + ANCHOR),
                        ("metadata.py", VIDEO_RECORD, VIDEO_RECORD + LEVEL_RECORD))


def test_session_has_a_field_for_each_of_fields():
    """``Session`` is written out; its fields are those of ``FIELDS`` (list or
    single, with its default), after where the session is and its title."""
    hints = typing.get_type_hints(Session)
    declared = {f.name: f for f in dataclasses.fields(Session)}
    assert list(declared) == ["id", "summit", "docname", "lineno", "title",
                              *(f.name for f in FIELDS if f.name != "id")]
    for f in FIELDS:
        assert hints[f.name] == (str if f.name == "id" else f.python_type), f.name
        if f.name != "id":
            assert declared[f.name].default == (() if f.many else None), f.name
    session = Session("a", "tokyo-2015", "a", 1, "A", projects=("Neutron",), slides="https://x.org")
    assert FIELD["projects"].values(session) == ("Neutron",)
    assert FIELD["slides"].values(session) == ("https://x.org",)
    assert FIELD["video"].values(session) == ()


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
    ext = package_with(tmp_path, ("metadata.py", VIDEO, ""), ("metadata.py", VIDEO_RECORD, ""))
    second = run(ext, *build, cwd=site)
    assert "cinder.md:" in second.stderr and "Unknown option key: 'video'" in second.stderr, second.stderr
    assert "Traceback" not in second.stderr


def test_a_one_value_field_can_be_an_index_of_its_own(tmp_path):
    """``:room:`` with ``index="room"``: one name per session, an index page of
    rooms, the card's badge linking to it, and sessions.json giving it."""
    ext = package_with(tmp_path, ("metadata.py", ROOM_CARD, INDEXED_ROOM),
                       ("kinds.py", '    IndexKind(\n        "person", ', ROOM_INDEX))
    site = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", site)
    page = site / "cinder.md"
    page.write_text(page.read_text(encoding="utf-8").replace(":day: 1\n", ":day: 1\n:room: Hall A\n"),
                    encoding="utf-8")

    built = run(ext, "-m", "sphinx", "-b", "html", "-W", "-q", str(site), str(site / "_build"), cwd=site)
    assert built.returncode == 0, built.stderr

    rooms = BeautifulSoup((site / "_build" / "summit-roomindex.html").read_text(encoding="utf-8"),
                          "html.parser")
    entry = rooms.select_one("details.summit-index-entry")
    assert entry.select_one(".summit-index-name").get_text() == "Hall A"
    assert [a.get_text() for a in entry.select("li a")] == ["Cinder in practice"]
    assert len(rooms.select("details.summit-index-entry")) == 1  # (the sessions without a room: none)

    card = BeautifulSoup((site / "_build" / "cinder.html").read_text(encoding="utf-8"), "html.parser")
    badge = card.select_one(".session-card dt.summit-room").find_next_sibling("dd").select_one("a")
    assert badge.get_text().strip() == "Hall A"
    assert badge["href"] == f"summit-roomindex.html#{entry['id']}"

    data = json.loads((site / "_build" / "sessions.json").read_text(encoding="utf-8"))
    assert {s["title"]: s["room"] for s in data["sessions"]}["Cinder in practice"] == "Hall A"
