"""Every bad input gets a warning with file, line and how to fix it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
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
