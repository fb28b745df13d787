"""Every bad input gets a warning with file, line and how to fix it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from sphinx.util.console import strip_escape_sequences
from conftest import ROOT

HEADER = "# A session\n\n:::{session}\n"  # the directive starts on line 3


def page(options: str) -> str:
    return HEADER + options + ":::\n\nText.\n"


CASES = {
    "missing day": (
        ":format: talk\n",
        3, "the session has no ':day:' option; add one of: 1 (2015-10-27), 2 (2015-10-28)",
    ),
    "day the summit does not have": (
        ":day: 5\n:format: talk\n",
        4, "the summit has no day '5'; use one of the days of Test Summit 2015 ({site}/summit.yaml): "
           "1 (2015-10-27), 2 (2015-10-28)",
    ),
    "unknown format": (
        ":day: 1\n:format: workshop\n",
        5, "unknown format 'workshop'; use one of: keynote, talk, panel (summit_formats in conf.py, "
           "or the summit's formats)",
    ),
    "option given twice": (
        ":day: 1\n:format: talk\n:day: 2\n",
        6, "option ':day:' is given 2 times; give it once",
    ),
    "empty speaker list": (
        ":day: 1\n:format: talk\n:speakers:\n",
        6, "option ':speakers:' is empty; list the speakers separated by commas, "
           "or leave the option out",
    ),
    "empty item in a list": (
        ":day: 1\n:format: talk\n:speakers: Jane Doe,,\n",
        6, "option ':speakers:' has an empty item; check its commas",
    ),
    "unknown project": (
        ":day: 1\n:format: talk\n:projects: Cinder, Nuetron\n",
        6, "unknown project 'Nuetron' (did you mean Neutron?); projects are listed in the catalogue",
    ),
    "unknown topic": (
        ":day: 1\n:format: talk\n:topics: contaners\n",
        6, "unknown topic 'contaners' (did you mean containers?)",
    ),
    "unknown remark": (
        ":day: 1\n:format: talk\n:remarks: recomended\n",
        6, "unknown remark 'recomended' (did you mean recommended?)",
    ),
    "option given twice in a YAML option block": (
        "---\nday: 1\nformat: talk\nformat: panel\n---\n",
        7, "option ':format:' is given 2 times; give it once",
    ),
    "a speaker name of invisible characters only": (
        ":day: 1\n:format: talk\n:speakers: Jane Doe, \u200b\u200d\n",
        6, "option ':speakers:' has an empty item; check its commas",
    ),
    "a format with a zero-width space": (
        ":day: 1\n:format: ta\u200blk\n:organizations: \ufeff\n",
        6, "option ':organizations:' is empty; list the organizations separated by commas, "
           "or leave the option out",
    ),
    "slides that are not an http(s) URL": (
        ":day: 1\n:format: talk\n:slides: javascript:alert(1)\n",
        6, "option ':slides:' must be an http(s) URL (https://...), not 'javascript:alert(1)'",
    ),
    "a recording given as a file name": (
        ":day: 1\n:format: talk\n:video: talk.mp4\n",
        6, "option ':video:' must be an http(s) URL (https://...), not 'talk.mp4'",
    ),
    "invalid id": (
        ":id: My Session\n:day: 1\n:format: talk\n",
        4, "session id 'My Session' is not valid: use lowercase letters, digits and hyphens",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_option_warns_with_file_and_line(site, case):
    options, line, message = CASES[case]
    path = site.write("bad.md", page(options))
    site.build()
    assert f"{path}:{line}: WARNING: {message.format(site=site.path)}" in site.warnings
    # the session is not lost: it still has its card and its page
    assert 'class="sd-card sd-sphinx-override sd-mb-3 sd-shadow-sm session-card docutils" id="bad"' in site.html("bad")


def test_duplicate_session_id_names_both_files(site):
    path = site.write("other.md", page(":id: cinder\n:day: 2\n:format: talk\n"))
    site.build()
    first = site.path / "cinder.md"
    assert (f"{path}:3: WARNING: duplicate session id 'cinder' in summit 'test-2015': {first}:3 "
            "already has it; "
            "give one of them another ':id:' (or rename its file)") in site.warnings


def test_session_role_pointing_nowhere_warns(site):
    path = site.write("glossary.md", "# Not a session\n\nSee {session}`no-such-talk`.\n")
    site.build()
    assert (f"{path}:3: WARNING: no session has the id 'no-such-talk'; a session's id is its "
            "file name or its ':id:' option") in site.warnings


def test_person_role_pointing_nowhere_warns(site):
    path = site.write("glossary.md", "# Not a session\n\nAsk {person}`Nobody Known`.\n")
    site.build()
    assert (f"{path}:3: WARNING: no session names 'Nobody Known' among its speakers or "
            "organizations") in site.warnings


def test_unknown_project_role_suggests_the_nearest(site):
    path = site.write("glossary.md", "# Not a session\n\nAbout {project}`Cnder`.\n")
    site.build()
    assert f"{path}:3: WARNING: unknown project 'Cnder' (did you mean Cinder?)" in site.warnings
    assert "About <span>Cnder</span>." in site.html("glossary")  # the text stays


def test_listing_with_unknown_day_warns(site):
    path = site.write("glossary.md", "# Listing\n\n:::{session-list}\n:day: 9\n:::\n")
    site.build()
    assert f"{path}:4: WARNING: the summit has no day '9'" in site.warnings


def test_catalogue_entry_missing_a_field_fails_with_the_file_name(site):
    catalogue = site.path / "_data" / "catalogue.yaml"
    text = catalogue.read_text().replace("    description: OpenStack Object Storage.\n", "")
    catalogue.write_text(text)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", str(site.path), str(site.path / "_build")],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "ext")},
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert (f"{catalogue}:17: ERROR: projects/Swift: 'description' is a required property"
            in result.stderr)


def test_a_session_under_a_sub_heading_keeps_the_page_title(site):
    path = site.write("bad.md", "# The talk\n\n## What was said\n\n:::{session}\n:day: 1\n"
                                ":format: talk\n:::\n")
    site.build()
    assert (f"{path}:5: WARNING: the session directive must come right under the page's title, not "
            "under the heading 'What was said': the session's title is the page's") in site.warnings
    assert "The talk" in site.html("day1")  # listed under the page's title, not the heading's
    assert "What was said</a>" not in site.html("day1")


def test_two_session_directives_on_one_page(site):
    path = site.write("bad.md", "# The talk\n\n:::{session}\n:day: 1\n:format: talk\n:::\n\n"
                                "Text.\n\n:::{session}\n:day: 2\n:format: panel\n:::\n")
    site.build()
    assert (f"{path}:10: WARNING: a page holds one session, and this is its second session "
            "directive (the first is on line 3); give this session a page of its own") in site.warnings


def test_text_inside_the_session_directive_is_reported(site):
    path = site.write("bad.md", "# The talk\n\n:::{session}\n:day: 1\n:format: talk\n\n"
                                "Notes that belong below the card.\n:::\n")
    site.build()
    assert (f"{path}:7: WARNING: the session directive takes options only; move the text "
            "'Notes that belong below the card.' below its closing fence") in site.warnings
    assert "Notes that belong below the card." in site.html("bad")  # kept, below the card
    assert 'session-card docutils" id="bad"' in site.html("bad")


def test_a_session_page_outside_any_summit_is_reported(summits_site):
    path = summits_site.write("loose.md", "---\norphan: true\n---\n# Loose\n\n:::{session}\n"
                                          ":day: 1\n:format: talk\n:::\n")
    summits_site.build()
    assert (f"{path}:6: WARNING: this page is in no summit's folder: a session page belongs in "
            "the folder of a summit (beside a summit.yaml, or below it)") in summits_site.warnings


def test_a_warning_comes_back_on_every_build_until_the_page_is_fixed(site):
    path = site.write("bad.md", page(":day: 1\n:format: workshop\n"))
    message = f"{path}:5: WARNING: unknown format 'workshop'"
    site.build()
    assert message in site.warnings
    site.build()  # nothing changed: the page had a warning, so it is read again
    assert message in site.warnings
    site.write("bad.md", page(":day: 1\n:format: talk\n"))
    site.build()
    assert "workshop" not in site.warnings
    site.build()
    assert "workshop" not in site.warnings


def test_a_duplicate_id_is_reported_on_every_build(site):
    site.write("other.md", page(":id: cinder\n:day: 2\n:format: talk\n"))
    site.build()
    site.build()
    assert "duplicate session id 'cinder'" in site.warnings


def test_a_session_id_that_is_also_a_heading_anchor_is_reported(site):
    path = site.write("cephfs.md", "# CephFS in depth\n\n:::{session}\n:day: 1\n:format: talk\n:::\n\n"
                                   "## CephFS\n\nText.\n")
    site.build()
    assert (f"{path}:8: WARNING: session id 'cephfs' is also the anchor the heading 'CephFS' "
            "would have, so the heading gets 'id1'; give the session another ':id:'") in site.warnings


def test_a_listing_of_a_person_no_session_names_is_reported_on_every_build(site):
    path = site.write("glossary.md", "# Listing\n\n:::{session-list}\n:person: Jane Doo\n:::\n")
    site.build()
    message = (f"{path}:4: WARNING: session-list: no session names 'Jane Doo' among its speakers "
               "or organizations")
    assert message in site.warnings
    assert "No session matches yet." in site.html("glossary")
    site.build()
    assert message in site.warnings


# -- Sphinx's, MyST's and docutils' own warnings come back too (reports.py) --------

THEIR_WARNINGS = {
    "speakr.md": ("# Talk\n\n:::{session}\n:day: 1\n:format: talk\n:speakr: Jane Doe\n:::\n\nText.\n",
                  "speakr"),
    "skipped.md": ("# Title\n\n### Three levels down\n\nText.\n", "Non-consecutive header level"),
    "aside/orphan.md": ("# Nobody links here\n\nText.\n", "document isn't included in any toctree"),
    "diagram.md": ("# A diagram\n\n```{mermaid}\n```\n", "mermaid"),
}


def sphinx_build(src, out) -> tuple[int, list[str]]:
    """`make html`'s build of ``src``: its exit status and its warnings."""
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q",
                             str(src), str(out)], capture_output=True, text=True, timeout=300)
    return result.returncode, sorted(line for line in result.stderr.splitlines() if "WARNING" in line)


def test_every_warning_comes_back_on_a_rebuild_until_it_is_fixed(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "tests/roots/test-basic", src)
    for name, (text, _expected) in THEIR_WARNINGS.items():
        (src / name).parent.mkdir(exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    first = sphinx_build(src, tmp_path / "out")
    for name, (_text, expected) in THEIR_WARNINGS.items():
        assert any(name in line and expected in line for line in first[1]), (name, first[1])
    assert first[0] == 1
    assert sphinx_build(src, tmp_path / "out") == first  # nothing changed: the same warnings, the same failure
    for name in THEIR_WARNINGS:
        (src / name).unlink()
    assert sphinx_build(src, tmp_path / "out") == (0, [])
    assert sphinx_build(src, tmp_path / "out") == (0, [])


def test_an_incremental_build_fails_when_a_page_named_elsewhere_is_deleted(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "tests/roots/test-basic", src)
    (src / "part").mkdir()
    (src / "part/index.md").write_text("---\norphan: true\n---\n# Part\n\n:::{toctree}\none\ntwo\n:::\n")
    (src / "part/one.md").write_text("# One\n\nText.\n")
    (src / "part/two.md").write_text("# Two\n\nText.\n")
    (src / "aside.md").write_text("# Aside\n\nSee [the second part](part/two.md).\n")
    assert sphinx_build(src, tmp_path / "out") == (0, [])
    (src / "part/two.md").unlink()  # its toctree line and the link to it kept
    clean = sphinx_build(src, tmp_path / "clean")
    assert clean[0] == 1
    assert any(f"{src / 'part/index.md'}:6: WARNING: toctree contains reference to nonexisting document "
               "'part/two'" in line for line in clean[1]), clean
    assert any(f"{src / 'aside.md'}:3: WARNING: 'myst' cross-reference target not found: 'part/two.md'" in line for line in clean[1]), clean
    assert sphinx_build(src, tmp_path / "out") == clean  # incremental: the same failure
    assert sphinx_build(src, tmp_path / "out") == clean  # and again, until it is fixed


def test_a_page_that_is_a_named_pipe_is_skipped_and_the_build_ends(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "tests/roots/test-basic", src)
    os.mkfifo(src / "pipe.md")
    status, warnings = sphinx_build(src, tmp_path / "out")  # (before: the build waited forever)
    assert status == 1
    assert warnings == [f"{src / 'pipe.md'}:1: WARNING: the page 'pipe.md' is not published: "
                        f"{src / 'pipe.md'} is a named pipe, not a regular file: it is never read "
                        "(a page left out on purpose goes in exclude_patterns in conf.py) [summit.unreadable]"]


# -- A page that is not UTF-8 is named (sources.py; what a build may read: test_reading.py) --

def test_a_page_that_is_not_utf8_is_one_message_and_the_build_goes_on(site):
    path = site.path / "latin.md"
    path.write_bytes("# Café\n\nDéjà vu in Tokyo.\n".encode("latin-1"))
    site.build()
    assert site.warnings.count("not UTF-8") == 1
    assert (f"{path}:1: WARNING: the page is not UTF-8 (byte 0xE9 on line 1; it looks like Latin-1 "
            "(ISO-8859-1) or Windows-1252): save it as UTF-8") in site.warnings
    assert "vu in Tokyo." in site.html("latin")  # the page is there, its other words intact
    assert "Cinder" in site.html("cinder")  # and so are the other pages


def test_control_characters_are_one_located_warning_and_the_build_goes_on(site):
    """(before: a NUL in a word taken for a file name stopped the build with a traceback,
    and any control character in a session's words stopped it when the feeds were written)"""
    path = site.write("nul.md", "# Null\x00 and void\n\n```{note} a\x00b\nText\x1b[31m\n```\n\n"
                                "```{include} part.txt\n```\n\n![A picture](b\x00c.png) [a link](d%00e.md)\n"
                                "[a web page](https://example.org/?q=%00)\n")
    included = site.write("part.txt", "Included\x07 words.\n")
    site.build()
    assert (f"{path}:1: WARNING: the page holds 5 control characters (U+0000-U+001F but tab and line "
            "breaks, U+007F-U+009F, or %00 in a link or file name: not text), the first (U+0000) on line 1: "
            "shown as U+FFFD (\ufffd); delete them") in site.warnings
    assert (f"{included}:1: WARNING: the included file holds 1 control character (U+0000-U+001F but tab "
            "and line breaks, U+007F-U+009F, or %00 in a link or file name: not text), the first (U+0007) "
            "on line 1: shown as U+FFFD (\ufffd); delete it") in site.warnings
    assert "Traceback" not in site.warnings
    html = site.html("nul")
    assert "Null\ufffd and void" in html and "Text\ufffd[31m" in html and "Included\ufffd words." in html
    assert 'href="https://example.org/?q=%00"' in html  # (a web address keeps its %00)
    assert "Cinder" in site.html("cinder")  # the other pages are there


# -- No silent metadata ------------------------------------------------------------

@pytest.mark.parametrize(("options", "line", "message"), [
    (":day: 1\n:format: talk\n:speakers: Jane Doe; John Roe\n", 6,
     "option ':speakers:' separates its items with ';'; separate them with commas"),
    (":day: 1\n:format: talk\n:organizations: Mirantis | Red Hat\n", 6,
     "option ':organizations:' separates its items with '|'; separate them with commas"),
    (":day: 1\n:format: talk\n:speakers: Jane Doe, jane doe\n", 6,
     "option ':speakers:' names 'Jane Doe' and 'jane doe', which differ only in case; write one of them"),
])
def test_careless_lists_are_reported(site, options, line, message):
    path = site.write("careless.md", page(options))
    site.build()
    assert f"{path}:{line}: WARNING: {message}" in site.warnings


def test_lists_in_a_yaml_option_block_are_lists_and_projects_take_the_catalogue_spelling(site):
    site.write("yaml.md", "# A session\n\n```{session}\n---\nday: 1\nformat: talk\n"
                          "speakers: [Jane Doe, John Roe]\nprojects: Cinder, cinder, CINDER\n---\n```\n")
    site.build()
    assert "yaml.md" not in site.warnings
    data = json.loads((site.app.outdir / "sessions.json").read_text())
    session = next(s for s in data["sessions"] if s["id"] == "yaml")
    assert session["speakers"] == ["Jane Doe", "John Roe"] and session["projects"] == ["Cinder"]
    card = BeautifulSoup(site.html("yaml"), "html.parser").select_one(".session-card")
    assert str(card).count(">Cinder<") == 1


def test_a_day_that_contradicts_the_day_folder_is_reported(site):
    path = site.write("day2/talk.md", page(":day: 1\n:format: talk\n"))
    site.build()
    assert (f"{path}:4: WARNING: ':day: 1' on a page in the folder of day 2; move the page to day1/, "
            "or correct the day") in site.warnings


def test_two_sessions_of_a_day_with_one_title_and_names_in_two_cases(site):
    first = site.write("first.md", "# Same title\n\n:::{session}\n:day: 1\n:format: talk\n"
                                   ":organizations: Mirantis\n:::\n")
    second = site.write("second.md", "# Same title\n\n:::{session}\n:day: 1\n:format: talk\n"
                                     ":organizations: mirantis\n:::\n")
    site.build()
    assert (f"{second}:3: WARNING: two sessions of day 1 have the title 'Same title': {first}:3 is the "
            "other; give each its own title") in site.warnings
    assert (f"{second}:3: WARNING: 'mirantis' is written 'Mirantis' in {first}:3; names that differ only "
            "in case are one person or organization: write it one way") in site.warnings


# -- One message per mistake ---------------------------------------------------------

def test_a_broken_summit_declaration_is_one_message(summits_site):
    declaration = summits_site.path / "alpha-2015/summit.yaml"
    declaration.write_text("\n".join(line for line in declaration.read_text().splitlines()
                                     if not line.startswith("end:")) + "\n")
    summits_site.build()
    warnings = [line for line in strip_escape_sequences(summits_site.warnings).splitlines()
                if "WARNING" in line or "ERROR" in line]
    assert len(warnings) == 1, warnings
    assert f"{declaration}:" in warnings[0] and "'end' is a required property" in warnings[0]


def test_a_copy_of_a_summit_deeper_down_is_the_newcomer(summits_site):
    shutil.copytree(summits_site.path / "alpha-2015", summits_site.path / "archive/alpha-2015")
    summits_site.write("archive/index.md", "# Archive\n\n:::{toctree}\nalpha-2015/index\n:::\n")
    summits_site.build()
    warnings = [line for line in strip_escape_sequences(summits_site.warnings).splitlines()
                if "WARNING" in line or "ERROR" in line]
    original, copy = summits_site.path / "alpha-2015/summit.yaml", summits_site.path / "archive/alpha-2015/summit.yaml"
    assert warnings == [f"{copy}:1: WARNING: summit id 'alpha-2015' is also the id of {original}; give one of "
                        "them another 'id:' [summit.summit]"], warnings
    data = json.loads((summits_site.app.outdir / "sessions.json").read_text())
    assert all(s["url"].startswith("alpha-2015/") for s in data["sessions"] if s["summit"] == "alpha-2015")


def test_an_unqualified_session_id_of_several_summits_is_reported(summits_site):
    path = summits_site.write("notes.md", "---\norphan: true\n---\n# Notes\n\n"
                                          "About {session}`keynote` and {session}`beta-2016:keynote`.\n")
    summits_site.build()
    warnings = strip_escape_sequences(summits_site.warnings)
    assert (f"{path}:6: WARNING: the session id 'keynote' is in several summits (alpha-2015, beta-2016): "
            "write {session}`alpha-2015:keynote` (or the id of another) to say which") in warnings
    assert warnings.count("is in several summits") == 1


def test_a_page_at_a_moved_pages_old_address_is_reported(site):
    path = site.write("old/index.md", "# A page where a moved one was\n\nText.\n")
    conf = site.path / "conf.py"
    conf.write_text(conf.read_text() + '\nextensions.append("sphinx_reredirects")\n'
                                       'redirects = {"old/index": "../cinder.html"}\n')
    site.build()
    assert (f"WARNING: {path} is the old address of a moved page (redirected to ../cinder.html in conf.py), "
            "and a page again: the redirect would replace it") in strip_escape_sequences(site.warnings)
