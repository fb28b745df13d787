"""Fuzzing the inputs authors write: session options and the catalogue.

Whatever values and shapes come in, the extension answers with messages,
never a traceback, and what it exports always matches its schema.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import jsonschema
import yaml
from conftest import ROOT, ROOTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx_summit.catalogue import Catalogue, Project, load_catalogue
from sphinx_summit.metadata import OPTIONS, Session, Vocabulary, parse_options
from sphinx_summit.summits import Remark, Summit


# text an author might type: letters of several scripts, punctuation, commas,
# colons, invisible and odd spaces, and the vocabulary's own words
WORDS = st.sampled_from(["1", "2", "Day 2", "2015-10-28", "talk", "Keynote", "Cinder", "cinder",
                         "Nuetron", "storage", "recommended", "Jane Doe", "", " ", ",", ",,",
                         "\u200b", "\ufeff", "\u3000", "山田太郎", "José", ":", "---", "`x`"])
TEXT = st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=6).map(" ".join)

SUMMIT = Summit(id="test", folder="", title="Test Summit", short_title="Test", start=date(2015, 10, 27),
                end=date(2015, 10, 28), formats=("keynote", "talk", "panel"),
                remarks={"recommended": Remark("Highly recommended", "success")})
CATALOGUE = Catalogue({"storage": "Storage"},
                      {"Cinder": Project("Cinder", "storage", "Block storage.", "https://a.example/")},
                      {"storage": "Storage."})
VOCAB = Vocabulary(SUMMIT, SUMMIT.formats, SUMMIT.remarks, CATALOGUE)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(OPTIONS), TEXT, max_size=len(OPTIONS)),
       st.lists(st.sampled_from(OPTIONS), max_size=3))
def test_session_options_never_raise_and_give_valid_values(options, repeated):
    block = ":::{session}\n" + "".join(f":{k}: {v}\n" for k, v in options.items()) \
        + "".join(f":{k}: again\n" for k in repeated) + ":::"
    parsed = parse_options(options, block, VOCAB)
    for problem in parsed.problems:
        assert isinstance(problem.message, str) and problem.message
    values = parsed.values
    assert values.get("day", 1) in SUMMIT.days
    assert values.get("format", "talk") in SUMMIT.formats
    for name in ("speakers", "organizations", "projects", "topics", "remarks"):
        assert all(isinstance(v, str) and v.strip() and "\u200b" not in v for v in values.get(name, ()))
    Session(id="x", summit="test", docname="x", lineno=1, title="X", **{
        k: v for k, v in values.items() if k != "id"})  # what the domain stores can be made


# any YAML value: mappings, lists, texts, numbers, booleans, nulls, nested
YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.one_of(TEXT, st.integers()), children, max_size=4)),
    max_leaves=20)
CATALOGUE_LIKE = st.fixed_dictionaries({}, optional={
    "categories": YAML_VALUES, "projects": st.one_of(YAML_VALUES, st.dictionaries(
        TEXT, st.fixed_dictionaries({}, optional={"category": YAML_VALUES, "description": YAML_VALUES,
                                                  "url": YAML_VALUES}), max_size=4)),
    "topics": YAML_VALUES})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(CATALOGUE_LIKE, YAML_VALUES), st.one_of(st.none(), TEXT))
def test_the_catalogue_loader_never_raises(tmp_path, data, garbage):
    path = tmp_path / "catalogue.yaml"
    text = yaml.safe_dump(data, allow_unicode=True) if garbage is None else garbage
    path.write_text(text, encoding="utf-8")
    catalogue, problems = load_catalogue(path)
    assert all(isinstance(line, int) and isinstance(message, str) for line, message in problems)
    for project in catalogue.projects.values():
        assert project.url == "" or project.url.startswith(("http://", "https://"))
    catalogue.canonical("project", "Cinder"), catalogue.canonical("topic", "storage")


SESSION_OPTIONS = st.fixed_dictionaries(
    {"day": st.sampled_from(["1", "2", "day 1", "2015-10-28", "3", "", "\u200b2"]),
     "format": st.sampled_from(["talk", "Panel", "keynote", "workshop", ""])},
    optional={name: TEXT for name in ("speakers", "organizations", "projects", "topics", "remarks", "id")})


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(st.lists(SESSION_OPTIONS, min_size=1, max_size=8))
def test_sessions_json_always_validates(make_app, tmp_path_factory, pages):
    src = tmp_path_factory.mktemp("fuzz") / "site"
    shutil.copytree(ROOTS / "test-basic", src)
    for number, options in enumerate(pages):
        lines = "".join(f":{k}: {' '.join(v.splitlines())}\n" for k, v in options.items())
        (src / f"fuzz-{number}.md").write_text(f"# Fuzzed session {number}\n\n:::{{session}}\n{lines}:::\n",
                                               encoding="utf-8")
    app = make_app("html", srcdir=src)
    app.build()
    assert "Traceback" not in app.warning.getvalue()
    data = json.loads((Path(app.outdir) / "sessions.json").read_text())
    schema = json.loads((Path(app.outdir) / "sessions.schema.json").read_text())  # as published beside it
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert {f"Fuzzed session {n}" for n in range(len(pages))} <= {s["title"] for s in data["sessions"]}
