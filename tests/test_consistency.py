"""Incremental, parallel and repeated builds give what a clean build gives.

This is where comparable extensions failed (sphinx-needs #354, #912, #1223;
ablog #297): each test builds for real and compares output page by page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOTS, build
from sphinx.util.console import strip_escape_sequences

MAIN = re.compile(r'<div class="body" role="main">(.*?)<div class="sphinxsidebar"', re.S)


def main_content(html_dir: Path) -> dict[str, str]:
    """Each page's main content (the sidebar's navigation is Sphinx's business)."""
    pages = {}
    for page in sorted(html_dir.rglob("*.html")):
        match = MAIN.search(page.read_text(encoding="utf-8"))
        if match:
            pages[str(page.relative_to(html_dir))] = match.group(1)
    return pages


def plain(stream) -> str:
    return strip_escape_sequences(stream.getvalue())


def assert_same_output(first: Path, second: Path, pages: list[str] | None = None):
    a, b = main_content(first), main_content(second)
    for name in pages or b:
        assert a[name] == b[name], f"{name} differs"
    assert (first / "sessions.json").read_text() == (second / "sessions.json").read_text()


def test_incremental_build_matches_a_clean_build(make_app, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    build(make_app, src, tmp_path / "inc")

    # add a session, edit two, rename one, delete one
    (src / "new.md").write_text("# A new talk\n\n:::{session}\n:day: 1\n:format: talk\n"
                                ":projects: Cinder\n:topics: storage\n:::\n\nNew.\n")
    (src / "cinder.md").write_text((src / "cinder.md").read_text()
                                   .replace("Cinder in practice", "Cinder in production"))
    (src / "swift.md").write_text((src / "swift.md").read_text()
                                  .replace(":day: 2", ":day: 1").replace(":projects: Swift", ":projects: Swift, Cinder"))
    (src / "kuryr.md").rename(src / "kuryr-libnetwork.md")
    (src / "replication.md").unlink()
    app = build(make_app, src, tmp_path / "inc")
    status = plain(app.status)
    # the listing page and the unchanged session page that links to a renamed
    # title were not re-read, but rewritten
    assert "day1" not in re.findall(r"reading sources\.\.\. \[[^]]*\] (\S+)", status)

    clean_src = tmp_path / "clean-src"
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
    build(make_app, clean_src, tmp_path / "clean")

    inc, clean = tmp_path / "inc/html", tmp_path / "clean/html"
    assert_same_output(inc, clean)
    day1 = (inc / "day1.html").read_text()
    assert "A new talk" in day1 and "Swift on SMR drives" in day1
    assert "Block Storage Replication" not in day1
    assert "Cinder in production" in (inc / "kuryr-libnetwork.html").read_text()
    projects = (inc / "summit-projectindex.html").read_text()
    assert "Block Storage Replication" not in projects and "A new talk" in projects


def test_editing_the_notes_of_a_session_writes_that_page_again_and_no_other(tmp_path):
    """An edit re-renders what it changes (the page, and its toctree parent as Sphinx
    does): not every page's navigation (bounded_nav compares what each page's
    navigation shows). Two sphinx-build runs, as `make html` twice."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    with (src / "conf.py").open("a") as conf:
        conf.write('extensions.append("sphinx_summit.bounded_nav")\nhtml_theme = "furo"\n')
    out = tmp_path / "out"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", "-d", str(out / "doctrees"), str(src),
               str(out / "html")]
    subprocess.run(command, check=True, capture_output=True)
    pages = {page: page.stat().st_mtime_ns for page in (out / "html").glob("*.html")}
    (src / "cinder.md").write_text((src / "cinder.md").read_text() + "\nOne more line of notes.\n")
    subprocess.run(command, check=True, capture_output=True)
    documents = {page.stem for page in src.glob("*.md")}  # (not the index pages: every build writes them)
    written = {page.stem for page, mtime in pages.items() if page.stat().st_mtime_ns != mtime} & documents
    assert "cinder" in written and written <= {"cinder", "index"}, written
    assert "One more line of notes." in (out / "html/cinder.html").read_text()


def test_parallel_build_matches_a_serial_build(make_app, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    build(make_app, src, tmp_path / "serial")
    shutil.rmtree(src / "_build", ignore_errors=True)
    app = build(make_app, src, tmp_path / "parallel", parallel=2)
    # it really read in parallel: the progress counts chunks of documents
    assert re.search(r"reading sources\.\.\. \[ *\d+%\] \S+ \.\. \S+", plain(app.status))
    assert_same_output(tmp_path / "serial/html", tmp_path / "parallel/html")


def test_two_clean_builds_are_identical(make_app, tmp_path):
    outputs = []
    for run in ("one", "two"):
        src = tmp_path / f"src-{run}"
        shutil.copytree(ROOTS / "test-basic", src)
        build(make_app, src, tmp_path / run)
        outputs.append(tmp_path / run / "html")
    for name in ("sessions.json", "summit-projectindex.html", "summit-topicindex.html",
                 "summit-peopleindex.html", "day1.html"):
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes(), name


def test_editing_the_catalogue_updates_the_pages_that_use_it(make_app, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    build(make_app, src, tmp_path / "out")
    catalogue = src / "_data/catalogue.yaml"
    catalogue.write_text(catalogue.read_text().replace("OpenStack Networking.", "Networking as a service."))
    build(make_app, src, tmp_path / "out")
    html = tmp_path / "out/html"
    assert 'title="Networking as a service."' in (html / "kuryr.html").read_text()
    assert "Networking as a service." in (html / "summit-projectindex.html").read_text()


def test_adding_editing_and_removing_a_summit_incrementally_matches_a_clean_build(make_app, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-summits", src)
    build(make_app, src, tmp_path / "inc")
    steps = [
        # a new summit: a copied folder with its own title
        lambda: (shutil.copytree(src / "alpha-2015", src / "gamma-2017"),
                 (src / "gamma-2017/summit.yaml").write_text(
                     (src / "alpha-2015/summit.yaml").read_text()
                     .replace("Alpha Summit 2015", "Gamma Summit 2017").replace("Alpha 2015", "Gamma 2017")
                     .replace("2015-10-2", "2017-11-0"))),
        # its dates change: cards, day lists and the order of the summits follow
        lambda: (src / "gamma-2017/summit.yaml").write_text(
            (src / "gamma-2017/summit.yaml").read_text().replace("2017-11-0", "2014-05-1")),
        # and it goes away again
        lambda: shutil.rmtree(src / "gamma-2017"),
    ]
    for number, step in enumerate(steps):
        step()
        build(make_app, src, tmp_path / "inc")
        clean_src = tmp_path / f"clean-src-{number}"
        shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
        build(make_app, clean_src, tmp_path / f"clean-{number}")
        inc, clean = tmp_path / "inc/html", tmp_path / f"clean-{number}/html"
        assert differing_files(inc, clean) == [], number
        assert folders(inc) == folders(clean), number  # a removed summit leaves no empty folder
        if number < 2:
            assert "Gamma" in (inc / "index.html").read_text()


def folders(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_dir())


def differing_files(first: Path, second: Path) -> list[str]:
    """Every output file that is not byte-identical in both (Sphinx's build info
    aside, and the search index's files Pagefind names anew on every run: its
    fragments and index chunks, which hold every page and word, are compared)."""
    import filecmp

    from sphinx_summit.search import reordered

    names = {p.relative_to(root).as_posix() for root in (first, second) for p in root.rglob("*")
             if p.is_file() and not p.name.startswith(".buildinfo")}
    names = {n for n in names if not reordered(n)}
    return sorted(n for n in names if not ((first / n).is_file() and (second / n).is_file()
                                           and filecmp.cmp(first / n, second / n, shallow=False)))


def test_the_real_site_built_incrementally_equals_a_clean_build_file_for_file(tmp_path):
    """Add, delete and rename session pages, reorder a toctree, edit the catalogue."""
    import subprocess
    import sys

    from conftest import ROOT

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)

    def build(source: Path, out: Path) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "-c", str(ROOT),
             "-d", str(out / "doctrees"), str(source), str(out / "html")],
            capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0, result.stderr

    build(docs, tmp_path / "inc")
    day2, day3 = docs / "tokyo-2015/day2", docs / "tokyo-2015/day3"
    (day2 / "new-talk.md").write_text("# A new talk\n\n:::{session}\n:day: 2\n:format: talk\n"
                                      ":projects: Ceph\n:topics: storage\n:::\n\nNew.\n")
    (day3 / "docker-security.md").unlink()
    (day3 / "flexpod-redhat.md").rename(day3 / "flexpod.md")
    index = day2 / "index.md"
    index.write_text(index.read_text().replace(
        "keynote\nmanila-work-sessions\n", "manila-work-sessions\nkeynote\nnew-talk\n"))
    index = day3 / "index.md"
    index.write_text(index.read_text().replace("flexpod-redhat\n", "flexpod\n")
                     .replace("docker-security\n", ""))
    catalogue = docs / "_data/catalogue.yaml"
    catalogue.write_text(catalogue.read_text().replace("which boots and manages", "which starts and manages"))
    build(docs, tmp_path / "inc")
    shutil.copytree(docs, tmp_path / "clean-docs")
    build(tmp_path / "clean-docs", tmp_path / "clean")
    inc, clean = tmp_path / "inc/html", tmp_path / "clean/html"
    assert differing_files(inc, clean) == []
    assert not (inc / "tokyo-2015/day3/docker-security.html").exists()  # the deleted page is gone
    assert "starts and manages" in (inc / "summit-projectindex.html").read_text()


def test_a_build_by_another_builder_in_between_leaves_no_listing_stale(make_app, tmp_path):
    """`make text` (or latexpdf, epub) after an edit, then `make html`: the builders share
    the environment (-M: one doctrees folder), and each writes its own pages."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    build(make_app, src, tmp_path / "inc")
    (src / "cinder.md").write_text((src / "cinder.md").read_text()
                                   .replace("Cinder in practice", "Cinder in production"))
    text = make_app("text", srcdir=src, builddir=tmp_path / "inc")
    try:
        text.build()
    finally:
        text.cleanup()
    build(make_app, src, tmp_path / "inc")  # reads nothing: the text build did

    clean_src = tmp_path / "clean-src"
    shutil.copytree(src, clean_src)
    build(make_app, clean_src, tmp_path / "clean")
    assert "Cinder in production" in (tmp_path / "inc" / "html" / "day1.html").read_text()
    assert_same_output(tmp_path / "inc" / "html", tmp_path / "clean" / "html")
