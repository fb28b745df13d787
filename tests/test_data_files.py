"""The catalogue and the link status file: every wrong shape is one located message.

Each case rewrites the test site's data file the way a careless author might
and asserts the exact messages (file, line, what is wrong), that nothing else
is reported (no follow-on warning for the pages that name the broken entry,
no traceback), and that the pages still build.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from sphinx.util.console import strip_escape_sequences

CATALOGUE = """\
categories:
  networking: Networking
  storage: Storage
projects:
  Neutron:
    category: networking
    description: OpenStack Networking.
    url: https://opendev.org/openstack/neutron
  Kuryr:
    category: networking
    description: Neutron networking for containers.
    url: https://opendev.org/openstack/kuryr
  Cinder:
    category: storage
    description: OpenStack Block Storage.
    url: https://opendev.org/openstack/cinder
  Swift:
    category: storage
    description: OpenStack Object Storage.
    url: https://opendev.org/openstack/swift
topics:
  containers: Containers on OpenStack.
  storage: Storage of all kinds.
  networking: Virtual networks.
"""

SWIFT = ("  Swift:\n    category: storage\n    description: OpenStack Object Storage.\n"
         "    url: https://opendev.org/openstack/swift\n")

# case -> (replace this, with that) in CATALOGUE, and the expected (line, message)s
CATALOGUE_CASES = {
    "a list where a mapping is expected": (
        "categories:\n  networking: Networking\n  storage: Storage\n",
        "categories:\n  - networking\n  - storage\n",
        [(1, "categories: should be a mapping (key: value), not a list")]),
    "a mapping where a text is expected": (
        "  containers: Containers on OpenStack.\n",
        "  containers:\n    text: Containers on OpenStack.\n",
        [(22, "topics/containers: should be a text, not a mapping (key: value)")]),
    "an entry left empty": (
        SWIFT, "  Swift:\n",
        [(17, "projects/Swift: should be a mapping (key: value), not empty")]),
    "a field left empty": (
        "    description: OpenStack Object Storage.\n", "    description:\n",
        [(19, "projects/Swift/description: should be a text, not empty")]),
    "a list as an entry": (
        SWIFT, "  Swift: [storage, OpenStack Object Storage.]\n",
        [(17, "projects/Swift: should be a mapping (key: value), not a list")]),
    "a number as a key": (
        "  containers: Containers on OpenStack.\n", "  containers: Containers on OpenStack.\n  42: The answer.\n",
        [(23, "topics: the key 42 should be a text (put it in quotes)")]),
    "a key given twice": (
        SWIFT, SWIFT + "  Neutron:\n    category: storage\n    description: Again.\n    url: https://a.example/\n",
        [(21, "the key 'Neutron' is given twice (first on line 5); keep one")]),
    "names that differ only in case": (
        SWIFT, SWIFT + "  cinder:\n    category: storage\n    description: Again.\n    url: https://a.example/\n",
        [(21, "projects: 'cinder' and 'Cinder' differ only in case; pages name them without regard "
              "to case, so keep one")]),
    "a URL that is not http(s)": (
        "    url: https://opendev.org/openstack/swift\n", "    url: javascript:alert(1)\n",
        [(20, "projects/Swift/url: 'javascript:alert(1)' is not an http(s) URL: the project's home page")]),
    "an unknown category": (
        "    category: storage\n    description: OpenStack Object Storage.",
        "    category: storag\n    description: OpenStack Object Storage.",
        [(18, "project 'Swift' has category 'storag', which is not one of the categories: "
              "networking, storage")]),
    "an unknown field": (
        "    url: https://opendev.org/openstack/swift\n",
        "    url: https://opendev.org/openstack/swift\n    homepage: https://swift.example/\n",
        [(17, "projects/Swift: Additional properties are not allowed ('homepage' was unexpected); "
              "allowed: category, description, url")]),
    "a section missing": (
        "topics:\n  containers: Containers on OpenStack.\n  storage: Storage of all kinds.\n"
        "  networking: Virtual networks.\n", "",
        [(1, "the top level: 'topics' is a required property")]),
    "not YAML": (
        "  networking: Networking\n", "  networking: [Networking\n",
        None),  # the parser's message; checked for its line below
    "an empty file": (CATALOGUE, "", [(1, "the catalogue is empty")]),
    "a list as the whole file": (CATALOGUE, "- Neutron\n- Cinder\n",
                                 [(1, "the top level: should be a mapping (key: value), not a list")]),
}


def problems_reported(site) -> list[str]:
    return [line for line in strip_escape_sequences(site.warnings).splitlines() if line.strip()]


@pytest.mark.parametrize("case", CATALOGUE_CASES)
def test_a_broken_catalogue_gets_one_located_message_per_problem(site, case):
    old, new, expected = CATALOGUE_CASES[case]
    catalogue = site.path / "_data" / "catalogue.yaml"
    assert old in CATALOGUE
    catalogue.write_text(CATALOGUE.replace(old, new, 1))
    site.build()
    reported = problems_reported(site)
    assert "Traceback" not in site.warnings and "Exception" not in site.warnings
    if expected is None:
        assert reported == [f"{catalogue}:3: ERROR: the catalogue is not valid YAML: did not find "
                            "expected ',' or ']' (column 10; while parsing a flow sequence from "
                            "line 2) [summit.catalogue]"]
    else:
        assert reported == [f"{catalogue}:{line}: ERROR: {message} [summit.catalogue]"
                            for line, message in expected]
    # the pages are still there, with their cards
    assert 'class="sd-card sd-sphinx-override sd-mb-3 sd-shadow-sm session-card docutils"' in site.html("kuryr")


def test_an_unusable_url_never_becomes_a_link(site):
    catalogue = site.path / "_data" / "catalogue.yaml"
    catalogue.write_text(CATALOGUE.replace("https://opendev.org/openstack/swift", "javascript:alert(1)"))
    site.build()
    assert "javascript:" not in (site.path / "_build/html/summit-projectindex.html").read_text()


def test_a_missing_catalogue_is_reported_where_conf_py_names_it(site):
    (site.path / "_data" / "catalogue.yaml").unlink()
    site.build()
    reported = problems_reported(site)
    conf = site.path / "conf.py"
    line = next(n for n, text in enumerate(conf.read_text().splitlines(), 1)
                if text.startswith("summit_catalogue "))
    assert reported == [f"{conf}:{line}: ERROR: cannot read the catalogue: No such file or directory: "
                        f"{site.path / '_data/catalogue.yaml'} (summit_catalogue in conf.py) [summit.catalogue]"]
    # the pages keep their projects, as written, and the index lists them
    assert "Kuryr" in (site.path / "_build/html/summit-projectindex.html").read_text()


STATUS_CASES = {
    "a URL that is not http(s)": (
        {"checked": "2026-11-20", "links": {"javascript:alert(1)": {
            "status": "broken", "code": 404, "checked": "2026-11-20"}}},
        [(4, "links: the key 'javascript:alert(1)' should be a text (put it in quotes)")]),
    "a redirect to something else than http(s)": (
        {"checked": "2026-11-20", "links": {"https://a.example/": {
            "status": "redirected", "code": 301, "checked": "2026-11-20", "target": "file:///etc/passwd"}}},
        [(8, "links/https://a.example//target: 'file:///etc/passwd' is not an http(s) URL: "
             "where a redirect leads")]),
    "a code that is not a number": (
        {"checked": "2026-11-20", "links": {"https://a.example/": {
            "status": "broken", "code": "404", "checked": "2026-11-20"}}},
        [(6, "links/https://a.example//code: should be a whole number, not a text")]),
    "links as a list": (
        {"checked": "2026-11-20", "links": ["https://a.example/"]},
        [(3, "links: should be a mapping (key: value), not a list")]),
}


@pytest.mark.parametrize("case", STATUS_CASES)
def test_a_broken_link_status_file_gets_located_messages(make_app, tmp_path, rootdir, case):
    import shutil

    data, expected = STATUS_CASES[case]
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-linkcheck", src)
    (src / "other.md").unlink()
    (src / "index.md").write_text("# Links\n\nSee <https://a.example/>.\n")
    status = src / "_data" / "link-status.json"
    status.parent.mkdir(exist_ok=True)
    status.write_text(json.dumps(data, indent=2))
    app = make_app("html", srcdir=src)
    app.build()
    reported = [line for line in strip_escape_sequences(app.warning.getvalue()).splitlines() if line]
    assert [re.sub(r" \[linkstatus\]$", "", r) for r in reported] == [
        f"{status}:{line}: ERROR: {message} (regenerate the file with `make linkstatus`)"
        for line, message in expected]
    html = (app.outdir / "index.html").read_text()
    assert "javascript:" not in html and "file:///etc" not in html and "archived copy" not in html


def test_a_key_given_twice_in_the_link_status_file(make_app, tmp_path, rootdir):
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-linkcheck", src)
    (src / "other.md").unlink()
    (src / "index.md").write_text("# Links\n\nSee <https://a.example/>.\n")
    status = src / "_data" / "link-status.json"
    status.parent.mkdir(exist_ok=True)
    entry = '{"status": "broken", "code": 404, "checked": "2026-11-20"}'
    status.write_text('{"checked": "2026-11-20", "links": {\n'
                      f'  "https://a.example/": {entry},\n  "https://a.example/": {entry}\n}}}}\n')
    app = make_app("html", srcdir=src)
    app.build()
    assert (f"{status}:3: ERROR: the key 'https://a.example/' is given twice (first on line 2); "
            "keep one") in strip_escape_sequences(app.warning.getvalue())


# -- Resource limits: YAML aliases ("billion laughs") --------------------------------

LAUGHS = "".join(f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]\n"
                 for prev, name in zip("abcdefgh", "bcdefghi"))  # 10**8 values once expanded


@pytest.mark.parametrize("data_file", ["_data/catalogue.yaml", "summit.yaml"])
def test_a_data_file_whose_aliases_would_expand_without_end_is_refused_quickly(site, data_file):
    path = site.path / data_file
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "laughs:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                    + "".join(f"  {line}" for line in LAUGHS.splitlines(keepends=True)), encoding="utf-8")
    started = time.monotonic()
    site.build()
    assert time.monotonic() - started < 60  # (212 s before the limit)
    what = "the catalogue" if "catalogue" in data_file else "the summit's declaration"
    line = len(text.splitlines()) + 6  # "  e: &e [*d, ...": 10**5 values with what came before
    assert (f"{path}:{line}: {'ERROR' if 'catalogue' in data_file else 'WARNING'}: {what} is too large: "
            "its YAML aliases (here *d) expand it to more than 100,000 values; write the values out, "
            "or use fewer aliases") in strip_escape_sequences(site.warnings)
