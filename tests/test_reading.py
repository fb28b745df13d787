"""What a build may read (sources.py): one rule on every road, and nothing of a
refused file in the output."""

from __future__ import annotations

import json

import os
import subprocess
import sys
import pytest
from conftest import search_fragments

SECRETS = {  # file of the site -> its secret words
    ".git/config": "GIT-TOKEN-WORDS",
    ".env": "DOTENV-WORDS",
    "docs-secret/.secret.txt": "HIDDEN-WORDS",
    "node_modules/pkg/readme.txt": "NODE-MODULES-WORDS",
    "env/lib/notes.txt": "VENV-WORDS",  # a virtual environment without a dot: env/pyvenv.cfg
    "_build/old.txt": "BUILD-FOLDER-WORDS",
    ".diagram.mmd": "flowchart LR\n  MERMAIDSECRETWORDS --> B",
    ".table.csv": "CSVSECRET,WORDS",
}
OUTSIDE_WORDS = "OUTSIDE-WORDS"


@pytest.fixture
def careless(site, tmp_path):
    """A site whose pages reach for every file they must not publish, on every road."""
    for name, words in SECRETS.items():
        site.write(name, f"{words}\n")
    site.write("env/pyvenv.cfg", "home = /usr/bin\n")
    outside = tmp_path / "outside" / "notes.txt"
    outside.parent.mkdir()
    outside.write_text(f"{OUTSIDE_WORDS}\n", encoding="utf-8")
    (site.path / "notes.txt").symlink_to(outside)
    (site.path / "linked-folder").symlink_to(outside.parent, target_is_directory=True)
    (site.path / "config-page.md").symlink_to(site.path / ".git" / "config")
    site.write(".draft.md", "# Draft\n\nHIDDEN-PAGE-WORDS\n")
    up = os.path.relpath(outside, site.path)
    site.write("roads.md", "\n".join([
        "# Roads", "",                                                  # 1
        f"{{download}}`the notes <{up}>`", "",                          # 3
        "{download}`a link <notes.txt>`", "",                           # 5
        "![a picture](.env)", "",                                       # 7
        "```{literalinclude} .git/config", "```", "",                   # 9
        "```{include} docs-secret/.secret.txt", "```", "",              # 12
        "```{raw} html", ":file: node_modules/pkg/readme.txt", "```", "",  # 15
        "```{csv-table}", ":file: .table.csv", "```", "",               # 19
        "```{literalinclude} index.md", ":diff: env/lib/notes.txt", "```", "",  # 23
        "```{mermaid} .diagram.mmd", "```", "",                         # 27
        "[an old build](_build/old.txt)", "",                           # 30
        "```{figure} linked-folder/notes.txt", "A caption.", "```", "",  # 32
        "Our own text.", ""]))
    return site, outside


def test_every_road_to_a_file_the_build_may_not_read_is_a_located_error(careless):
    site, outside = careless
    site.build()
    roads, src = site.path / "roads.md", site.path
    hidden = "starts with a dot): hidden files and folders are never read"
    outside_folder = f"is outside the source folder {src}; copy the file into the source folder"
    expected = [
        f"{src / 'config-page.md'}:1: ERROR: the page 'config-page.md' is not published: it is a symbolic "
        f"link to {src / '.git/config'}, which is hidden ('.git' {hidden}",
        f"{src / '.draft.md'}:1: ERROR: the page '.draft.md' is not published: {src / '.draft.md'} "
        f"is hidden ('.draft.md' {hidden} (a page left out on purpose goes in exclude_patterns in conf.py)",
        f"{src / 'linked-folder'}:1: ERROR: the folder 'linked-folder' is not published: it is a symbolic "
        f"link to {outside.parent}, which {outside_folder}",
        f"{roads}:3: ERROR: download '{os.path.relpath(outside, src)}' is not published: {outside} "
        f"{outside_folder}",
        f"{roads}:5: ERROR: download 'notes.txt' is not published: it is a symbolic link to {outside}, "
        f"which {outside_folder}",
        f"{roads}:7: ERROR: picture '.env' is not published: {src / '.env'} is hidden ('.env' {hidden}",
        f"{roads}:9: ERROR: literalinclude '.git/config' is not published: "
        f"{src / '.git/config'} is hidden ('.git' {hidden}",
        f"{roads}:12: ERROR: include 'docs-secret/.secret.txt' is not published: "
        f"{src / 'docs-secret/.secret.txt'} is hidden ('.secret.txt' {hidden}",
        f"{roads}:15: ERROR: raw 'node_modules/pkg/readme.txt' is not published: "
        f"{src / 'node_modules/pkg/readme.txt'} is in node_modules ('node_modules'): it is never read",
        f"{roads}:20: ERROR: csv-table '.table.csv' is not published: {src / '.table.csv'} is hidden "
        f"('.table.csv' {hidden}",
        f"{roads}:23: ERROR: literalinclude :diff: 'env/lib/notes.txt' is not published: "
        f"{src / 'env/lib/notes.txt'} is in a virtual environment ({src / 'env'} holds pyvenv.cfg): "
        "it is never read",
        f"{roads}:27: ERROR: mermaid '.diagram.mmd' is not published: {src / '.diagram.mmd'} is hidden "
        f"('.diagram.mmd' {hidden}",
        f"{roads}:30: ERROR: download '_build/old.txt' is not published: {src / '_build/old.txt'} is in "
        "a build folder ('_build'): it is never read",
    ]
    for message in expected:
        assert message in site.warnings, (message, site.warnings)
    assert site.warnings.count("is not published") == len(expected) + 1  # + the figure's picture
    assert f"{roads}:32: ERROR: picture 'linked-folder/notes.txt' is not published" in site.warnings
    assert "Our own text." in site.html("roads")
    # a refused download keeps its words, not its link
    assert '<p><code class="xref download docutils literal notranslate"><span class="pre">the</span> ' \
        '<span class="pre">notes</span></code></p>' in site.html("roads")
    assert not any(site.app.outdir.joinpath("_downloads").rglob("*"))
    assert not any(site.app.outdir.joinpath("_images").rglob("*"))
    secrets = [*SECRETS.values(), OUTSIDE_WORDS, "HIDDEN-PAGE-WORDS", "MERMAIDSECRETWORDS", "CSVSECRET"]
    published = [p for p in site.app.outdir.rglob("*") if p.is_file()]
    leaks = [(p, s) for p in published for s in secrets
             if s in p.read_text(encoding="utf-8", errors="replace")]
    assert not leaks
    # nor in the search index, whose pages are compressed
    searched = json.dumps(search_fragments(site.app.outdir), ensure_ascii=False)
    assert "Our own text" in searched
    assert not [s for s in secrets if s in searched]


def test_refusals_come_back_on_a_rebuild(careless):
    site, _outside = careless
    site.build()
    first = sorted(line for line in site.warnings.splitlines() if "is not published" in line)
    site.build()
    again = sorted(line for line in site.warnings.splitlines() if "is not published" in line)
    assert again == first


def test_a_folder_named_in_the_configuration_may_be_read(site, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "table.csv").write_text("SHARED-CELL,2\n", encoding="utf-8")
    site.write("conf.py", (site.path / "conf.py").read_text(encoding="utf-8")
               + f"summit_readable_folders = [{str(shared)!r}]\n")
    site.write("shared.md", f"# Shared\n\n```{{csv-table}}\n:file: {os.path.relpath(shared / 'table.csv', site.path)}\n```\n")
    site.build()
    assert "is not published" not in site.warnings
    assert "SHARED-CELL" in site.html("shared")


def test_a_page_that_is_a_named_pipe_is_skipped_with_a_warning(site):
    pipe = site.path / "pipe.md"
    os.mkfifo(pipe)
    site.build()  # (reading it would wait forever)
    assert (f"{pipe}:1: WARNING: the page 'pipe.md' is not published: {pipe} is a named pipe, "
            "not a regular file: it is never read (a page left out on purpose goes in exclude_patterns "
            "in conf.py)") in site.warnings
    assert "Cinder" in site.html("cinder")


def test_a_summit_declaration_the_build_may_not_read_declares_nothing(summits_site, tmp_path):
    site = summits_site
    declaration = next(site.path.rglob("summit.yaml"))
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(declaration.read_text(encoding="utf-8").replace("title: ", "title: OUTSIDE-TITLE "),
                       encoding="utf-8")
    declaration.unlink()
    declaration.symlink_to(outside)
    site.build()
    assert (f"{declaration}:1: ERROR: the summit's declaration 'summit.yaml' is not published: it is a "
            f"symbolic link to {outside}, which is outside the source folder {site.path}; copy the file "
            "into the source folder") in site.warnings
    published = [p for p in site.app.outdir.rglob("*") if p.is_file()]
    assert not [p for p in published if "OUTSIDE-TITLE" in p.read_text(encoding="utf-8", errors="replace")]


def test_a_data_file_that_is_a_named_pipe_is_not_read(site):
    catalogue = site.path / "_data" / "catalogue.yaml"
    catalogue.unlink()
    os.mkfifo(catalogue)
    site.build()  # (reading it would wait forever)
    assert (f"{site.path / 'conf.py'}:10: ERROR: cannot read the catalogue: it is not a regular file: "
            f"{catalogue} (summit_catalogue in conf.py)") in site.warnings


def test_file_urls_a_literal_include_and_a_restructuredtext_page_go_through_the_rule(site, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text("OUTSIDE-CELL,2\n", encoding="utf-8")
    site.write(".hidden.txt", "HIDDEN-WORDS\n")
    site.write("urls.md", "\n".join([
        "# URLs", "",
        "```{raw} html", f":url: {outside.as_uri()}", "```", "",          # 3
        "```{csv-table}", f":url: {outside.as_uri()}", "```", "",         # 7
        "```{include} .hidden.txt", ":literal:", "```", "",               # 11
        "Our own text.", ""]))
    site.write("page.rst", "A page\n======\n\n.. image:: .hidden.txt\n\n:download:`x <.hidden.txt>`\n")
    site.write("index.md", (site.path / "index.md").read_text(encoding="utf-8").replace("*\n", "*\npage\n"))
    site.build()
    urls, rst = site.path / "urls.md", site.path / "page.rst"
    hidden = f"{site.path / '.hidden.txt'} is hidden ('.hidden.txt' starts with a dot): hidden files and folders are never read"
    for message in [
        f"{urls}:4: ERROR: raw :url: '{outside.as_uri()}' is not published: {outside} is outside the source folder",
        f"{urls}:8: ERROR: csv-table :url: '{outside.as_uri()}' is not published: {outside} is outside the "
        "source folder",
        f"{urls}:11: ERROR: include '.hidden.txt' is not published: {hidden}",
        f"{rst}:4: ERROR: picture '.hidden.txt' is not published: {hidden}",
        f"{rst}:6: ERROR: download '.hidden.txt' is not published: {hidden}",
    ]:
        assert message in site.warnings, (message, site.warnings)
    assert site.warnings.count("is not published") == 5
    published = [p for p in site.app.outdir.rglob("*") if p.is_file()]
    assert not [(p, words) for p in published for words in ("OUTSIDE-CELL", "HIDDEN-WORDS")
                if words in p.read_text(encoding="utf-8", errors="replace")]
    assert "Our own text." in site.html("urls")


def test_importing_the_package_registers_no_codec():
    code = ("import codecs, sphinx_summit, sphinx_summit.sources as s\n"
            "try:\n    codecs.lookup(s.TOLERANT_UTF8)\nexcept LookupError:\n    print('none')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout == "none\n", result.stderr  # (the build registers it while it reads)


def test_a_named_pipe_or_a_device_named_by_a_directive_is_never_read(site):
    pipe = site.path / "pipe.txt"
    os.mkfifo(pipe)
    zero = os.path.relpath("/dev/zero", site.path)
    waits = site.write("waits.md", "\n".join([
        "# Waits", "",
        "```{literalinclude} pipe.txt", "```", "",           # 3
        f":::{{include}} {zero}", ":::", "",                 # 6
        "```{raw} html", ":file: pipe.txt", "```", "",       # 9
        "```{literalinclude} index.md", f":diff: {zero}", "```", "",  # 13
        "Our own text.", ""]))
    site.build()  # (before: it waited for a writer, or read /dev/zero until memory ran out)
    never = "not a regular file: it is never read"
    for message in [
        f"{waits}:3: ERROR: literalinclude 'pipe.txt' is not published: {pipe} is a named pipe, {never}",
        f"{waits}:6: ERROR: include '{zero}' is not published: /dev/zero is a character device, {never}",
        f"{waits}:10: ERROR: raw :file: 'pipe.txt' is not published: {pipe} is a named pipe, {never}",
        f"{waits}:14: ERROR: literalinclude :diff: '{zero}' is not published: /dev/zero is a character "
        f"device, {never}",
    ]:
        assert message in site.warnings, (message, site.warnings)
    assert "Our own text." in site.html("waits")
