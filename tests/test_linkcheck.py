"""`make linkcheck`: each kind of link is classified right, offline is not broken.

External links point at a small threaded HTTP server on 127.0.0.1 (as in
Sphinx's own linkcheck tests); internal problems are planted in a built site.
"""

from __future__ import annotations

import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, redirect_stdout

import pytest
from conftest import ROOT, ROOTS

from sphinx_summit import linkcheck as checker

ENV = {**os.environ, "NO_PROXY": "127.0.0.1,localhost",
       "no_proxy": "127.0.0.1,localhost"}


class Handler(http.server.BaseHTTPRequestHandler):
    """200, 404, 410, 301, 302, 429 then 200, and a response slower than the timeout."""

    hits: dict[str, int] = {}

    def log_message(self, *args):
        pass

    def respond(self, body: bool):
        path = self.path.split("#")[0]
        Handler.hits[path] = Handler.hits.get(path, 0) + 1
        if path in ("/ok", "/new-home"):
            return self.send(200, b'<html><body><p id="present">here</p></body></html>', body)
        if path in ("/gone-404", "/gone-410"):
            return self.send(int(path[-3:]), b"gone", body)
        if path == "/moved-301":
            return self.send(301, b"", body, Location="/new-home")
        if path == "/found-302":
            return self.send(302, b"", body, Location="/ok")
        if path == "/busy-429":
            if Handler.hits[path] == 1:
                return self.send(429, b"slow down", body, **{"Retry-After": "1"})
            return self.send(200, b"<html><body>fine now</body></html>", body)
        if path == "/slow":
            time.sleep(3)
            return self.send(200, b"late", body)
        return self.send(404, b"?", body)

    def send(self, code: int, content: bytes, body: bool, **headers):
        self.send_response(code)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(content)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(content)

    def do_HEAD(self):
        self.respond(body=False)

    def do_GET(self):
        self.respond(body=True)


@contextmanager
def link_server():
    Handler.hits = {}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def make_site(tmp_path, base: str):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-linkcheck", src)
    index = src / "index.md"
    index.write_text(index.read_text().replace("{base}", base))
    (src / "_data").mkdir()
    return src


def external_check(src, tmp_path) -> checker.Report:
    old = dict(os.environ)
    os.environ.update(ENV)
    try:
        results = checker.run_sphinx_linkcheck(src, src, tmp_path / "linkcheck", tmp_path / "doctrees")
    finally:
        os.environ.clear()
        os.environ.update(old)
    return checker.Report(external=results)


def build_html(src, out):
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", str(src), str(out)],
                            capture_output=True, text=True, env=ENV)
    assert result.returncode == 0, result.stderr


def test_every_kind_of_external_link_is_classified(tmp_path):
    with link_server() as base:
        src = make_site(tmp_path, base)
        report = external_check(src, tmp_path)
    by_path = {r["uri"].removeprefix(base): r for r in report.external}
    assert {path: report.category(r) for path, r in by_path.items()} == {
        "/ok": "working",
        "/gone-404": "broken",
        "/gone-410": "broken",
        "/moved-301": "redirected",
        "/found-302": "redirected",
        "/busy-429": "working",  # waited for Retry-After, then got through
        "/slow": "timeout",
        "/ok#missing": "broken",
        "/ok#present": "working",
    }
    assert "Anchor 'missing' not found" in by_path["/ok#missing"]["info"]
    assert by_path["/moved-301"]["code"] == 301 and by_path["/moved-301"]["info"] == base + "/new-home"
    assert report.per_page() == {"index.md": {"working": 3, "broken": 3, "redirected": 2, "timeout": 1}}
    assert not report.no_network
    assert report.exit_status() == checker.EXIT_BROKEN

    out = io.StringIO()
    with redirect_stdout(out):
        checker.print_report(report)
    text = out.getvalue()
    assert re.search(r"index\.md\s+3\s+2\s+3\s+1\s+0\s+0", text)
    assert "External links (Sphinx linkcheck): 9 checked, 0 unreachable, 0 not checked (ignored)" in text
    assert f"[broken] index.md:4: {base}/gone-404: 404 Client Error" in text
    assert f"[redirected] index.md:6: {base}/moved-301 -> {base}/new-home" in text

    # the stored status file, and what the next build makes of it
    status_file = src / "_data" / "link-status.json"
    assert checker.update_status(report, status_file, "2026-11-23")
    stored = json.loads(status_file.read_text())["links"]
    assert stored[f"{base}/gone-410"] == {"status": "broken", "code": 410, "checked": "2026-11-23",
                                          "info": stored[f"{base}/gone-410"]["info"]}
    assert stored[f"{base}/moved-301"]["target"] == f"{base}/new-home"
    assert stored[f"{base}/slow"]["status"] == "timeout"
    assert stored[f"{base}/ok"]["status"] == "working"

    build_html(src, tmp_path / "html")
    html = (tmp_path / "html" / "index.html").read_text()
    # a page in no summit: the archived copy as of the day the link was checked
    archive = f"https://web.archive.org/web/20261123/{base}/gone-404"
    assert f'<a class="link-dead reference external" href="{base}/gone-404"' in html
    assert f'(<a class="link-archive reference external" href="{archive}">archived copy</a>)' in html
    assert (f'(<a class="link-moved reference external" href="{base}/new-home">'
            "now at its new address</a>)") in html
    # a link that works, or has no status, is left alone
    assert html.count("archived copy") == 3  # 404, 410 and the missing anchor


def test_no_network_is_not_breakage(tmp_path):
    with link_server() as base:
        pass  # the server is gone: its port now refuses connections
    src = make_site(tmp_path, base)
    report = external_check(src, tmp_path)
    assert report.no_network
    assert report.exit_status() == checker.EXIT_NO_NETWORK
    out = io.StringIO()
    with redirect_stdout(out):
        checker.print_report(report)
    assert out.getvalue().splitlines()[-1] == "no network: 9 external links not checked"
    # every file says the same of them: unreachable, not broken
    written = (tmp_path / "linkcheck/output.txt").read_text()
    assert written.count("[unreachable]") == 9 and "[broken]" not in written
    statuses = [json.loads(line)["status"] for line in (tmp_path / "linkcheck/output.json").read_text().splitlines()]
    assert statuses == ["unreachable"] * 9
    status_file = src / "_data" / "link-status.json"
    assert not checker.update_status(report, status_file, "2026-11-23")
    assert not status_file.exists()


def test_linkchecker_reports_internal_problems_with_their_page(tmp_path):
    """Also in a folder only its owner can read, as root: LinkChecker does not
    switch to user nobody, who could read neither the site nor its own plugins."""
    os.chmod(tmp_path, 0o700)
    src = make_site(tmp_path, "http://127.0.0.1:9")
    # raw HTML, which Sphinx does not check: the kind of link only LinkChecker sees
    (src / "other.md").write_text('# Other page\n\n<a href="missing-page.html">gone</a> and '
                                  '<a href="index.html#nowhere">no such anchor</a>.\n')
    build_html(src, tmp_path / "html")
    problems, counts = checker.run_linkchecker(tmp_path / "html", ROOT / "linkcheckerrc")
    assert counts.links >= 2 and counts.anchors >= 1  # what it checked, the two problems included
    found = {(p.page, p.url, p.message.split(":")[0]) for p in problems}
    assert ("other.html", "missing-page.html", "URLError") in found
    assert any(p.page == "other.html" and p.url == "index.html#nowhere"
               and "Anchor `nowhere' (decoded: `nowhere') not found" in p.message for p in problems)
    assert len(problems) == 2


def test_linkchecker_finds_no_problem_on_the_real_site(real_site):
    problems, counts = checker.run_linkchecker(real_site, ROOT / "linkcheckerrc")
    assert problems == []
    assert counts.links > counts.anchors > 0


@pytest.mark.parametrize("status", [0, 75])
def test_exit_status_is_documented(status):
    assert f"{status:>3}  " in checker.__doc__


def test_the_catalogues_project_urls_are_checked(tmp_path):
    """They are links of the project index, which the linkcheck builder does not read."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    with link_server() as base:
        catalogue = src / "_data/catalogue.yaml"
        text = catalogue.read_text()
        catalogue.write_text(text.replace("https://opendev.org/openstack/neutron", f"{base}/ok")
                             .replace("https://opendev.org/openstack/kuryr", f"{base}/gone-404"))
        report = external_check(src, tmp_path)
    by_uri = {r["uri"]: r for r in report.external}
    assert report.category(by_uri[f"{base}/ok"]) == "working"
    assert report.category(by_uri[f"{base}/gone-404"]) == "broken"
    assert by_uri[f"{base}/gone-404"]["lineno"] == text.splitlines().index(
        "    url: https://opendev.org/openstack/kuryr") + 1
