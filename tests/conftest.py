"""Shared fixtures: Sphinx's own test fixtures, the test sites, the real site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Builds run by the tests print plain text: Sphinx colours its output when CI is set,
# and the tests read the messages an author sees, not the terminal's escapes.
os.environ["NO_COLOR"] = "1"
os.environ.setdefault("SUMMIT_TEST_MERMAID", str(ROOT / "node_modules" / "mermaid"))
# Every build of the run draws its diagrams into one cache (tests of the cache itself
# use a cache of their own: the private_diagram_cache fixture).
os.environ.setdefault("SUMMIT_DIAGRAM_CACHE", tempfile.mkdtemp(prefix="summit-diagrams-"))

pytest_plugins = ("sphinx.testing.fixtures", "added_summit")  # added: a copy of docs/ with a summit added
ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


class Site:
    """A small test site copied into a temporary folder, built for real."""

    def __init__(self, make_app, path: Path, root: str = "basic"):
        self.make_app = make_app
        self.path = path
        shutil.copytree(ROOTS / f"test-{root}", path)

    def write(self, name: str, text: str) -> Path:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def build(self, buildername: str = "html", **kwargs):
        app = self.make_app(buildername, srcdir=self.path, **kwargs)
        app.build()
        self.app = app
        return app

    @property
    def warnings(self) -> str:
        return self.app.warning.getvalue()

    def html(self, docname: str) -> str:
        return (Path(self.app.outdir) / f"{docname}.html").read_text(encoding="utf-8")

    def add_conf(self, text: str) -> None:
        """Lines appended to the site's conf.py."""
        conf = (self.path / "conf.py").read_text(encoding="utf-8")
        self.write("conf.py", conf + "\n" + text)

    def rebuild(self):
        self.app.cleanup()  # (a second app in one test starts from a clean slate)
        return self.build()

    def with_diagrams(self) -> Site:
        """The site with its diagrams drawn when it is built (sphinx_summit.mermaid,
        which needs Node.js: the test is skipped without it, see need_node)."""
        need_node()
        self.add_conf('extensions.insert(extensions.index("sphinx_summit"), "sphinx_summit.mermaid")\n'
                      f'mermaid_npm_package = {os.environ["SUMMIT_TEST_MERMAID"]!r}')
        return self


def build(make_app, srcdir: Path, outdir: Path, **kwargs):
    """An HTML build of ``srcdir`` into ``outdir`` that warns of nothing (its app)."""
    app = make_app("html", srcdir=srcdir, builddir=outdir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()  # so that the next app in this test starts from a clean slate
    assert app.warning.getvalue() == ""
    return app


@pytest.fixture
def site(make_app, tmp_path) -> Site:
    return Site(make_app, tmp_path / "site")


@pytest.fixture
def private_diagram_cache(monkeypatch, tmp_path) -> Path:
    """A diagram cache of the test's own, empty: what it draws, it drew."""
    cache = tmp_path / "diagram-cache"
    monkeypatch.setenv("SUMMIT_DIAGRAM_CACHE", str(cache))
    return cache


@pytest.fixture
def summits_site(make_app, tmp_path) -> Site:
    """Two small summits (tests/roots/test-summits)."""
    return Site(make_app, tmp_path / "summits", root="summits")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site, built once per test run exactly as `make html` builds it."""
    need_node()  # (it draws its diagrams)
    out = tmp_path_factory.mktemp("real") / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q",
         "-c", str(ROOT), "-d", str(out.parent / "doctrees"), str(ROOT / "docs"), str(out)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return out


# -- The browser (Debian's Chromium through Playwright) ------------------------
# One Playwright and one Chromium for the whole run: Playwright's sync API
# cannot be started twice in one thread, so every test module shares these.

@pytest.fixture(scope="session")
def browser():
    from browser import chromium

    with chromium() as chromium_browser:
        yield chromium_browser


@pytest.fixture(scope="session")
def site_url(real_site):
    from browser import serve

    with serve(real_site) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


# -- Node.js and the npm packages, which draw the diagrams (sphinx_summit.mermaid) --
# The core's test sites (tests/roots/test-basic, test-summits) do without them.

def need_node() -> None:
    """Skips a test whose site draws diagrams where Node.js or the npm packages
    are missing, except in CI, which installs them (.ci/run) and where it must run."""
    if shutil.which("node") is None:
        hint = "drawing diagrams needs Node.js (sudo apt-get install nodejs npm)"
    elif not Path(os.environ["SUMMIT_TEST_MERMAID"]).exists():
        hint = f"drawing diagrams needs Mermaid and Puppeteer ({os.environ['SUMMIT_TEST_MERMAID']}): run `npm ci`"
    else:
        return
    pytest.fail(hint) if os.environ.get("CI") else pytest.skip(hint)


# -- The PDF and EPUB editions' tools (README, "PDF and EPUB") ------------------

EDITION_TOOLS = {"xelatex": "texlive-xetex", "latexmk": "latexmk", "xindy": "xindy",
                 "pdftotext": "poppler-utils", "java": "default-jre-headless", "node": "nodejs",
                 "chromium": "chromium"}


@pytest.fixture(scope="session")
def editions_toolchain() -> None:
    """Skips a test without the editions' tools, except in CI, which installs
    them (.ci/run) and where they must run."""
    missing = [package for tool, package in EDITION_TOOLS.items() if shutil.which(tool) is None]
    if missing:
        hint = f"the PDF and EPUB editions need: sudo apt-get install {' '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(hint)
        pytest.skip(hint)


def search_fragments(outdir) -> dict[str, dict]:
    """page URL -> what Pagefind keeps of it for results (sphinx_summit.search): its
    text (``content``), ``meta``, ``filters``, ``anchors``. (A fragment is gzip of
    Pagefind's signature then JSON.)"""
    import gzip
    import json

    found = {}
    for path in Path(outdir, "pagefind", "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data[data.index(b"{"):])
        found[fragment["url"].lstrip("/")] = fragment
    return found
