#!/usr/bin/env python3
"""`make linkcheck`: every internal link and anchor, and the external links
when there is a network to check them on.

Two checkers, one report:

* LinkChecker walks the built HTML (``linkcheckerrc``): internal links and
  anchors; it needs no network.
* Sphinx's ``linkcheck`` builder checks the external links (its settings are
  in conf.py) and writes ``output.json``.

The report counts, per page, the links that work, redirect, are broken, timed
out or were not checked. When no external link could reach its host at all
(DNS failures, refused connections), that is not breakage: the report says
"no network" in one line.

Exit status:
   0  every link works (redirects are reported, not failures)
   1  a link is broken: an internal link or anchor, or an external link
      that is broken or timed out while the network is up
   2  a checker could not run
  75  no network: internal links are fine, external links were not checked

With ``--update-status FILE`` the external results are stored in the link
status file the build reads (docs/_data/link-status.json), unless there was
no network, in which case the file is left as it was.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

EXIT_OK, EXIT_BROKEN, EXIT_ERROR, EXIT_NO_NETWORK = 0, 1, 2, 75
CATEGORIES = ("working", "redirected", "broken", "timeout", "unreachable", "unchecked")
# What requests says when it could not talk to the host at all.
NO_CONNECTION = re.compile(
    r"NameResolutionError|Failed to resolve|Name or service not known|getaddrinfo|"
    r"Connection refused|NewConnectionError|Network is unreachable|No route to host|"
    r"ConnectTimeout|Temporary failure in name resolution",
    re.I,
)


@dataclass
class InternalProblem:
    page: str
    url: str
    message: str


@dataclass
class InternalCounts:
    """What LinkChecker checked in the built site."""

    links: int = 0
    anchors: int = 0


def category(result: dict) -> str:
    """working, redirected, broken, timeout, unreachable (its host could not be
    reached at all) or unchecked (also ignored, rate-limited)."""
    status = result["status"]
    if status in ("broken", "timeout") and NO_CONNECTION.search(result.get("info", "")):
        return "unreachable"
    if status in ("working", "redirected", "broken", "timeout", "unreachable"):
        return status
    return "unchecked"


@dataclass
class Report:
    internal: list[InternalProblem] = field(default_factory=list)
    external: list[dict] = field(default_factory=list)  # Sphinx linkcheck results
    internal_counts: InternalCounts = field(default_factory=InternalCounts)

    def category(self, result: dict) -> str:
        return category(result)

    def per_page(self) -> dict[str, Counter]:
        pages: dict[str, Counter] = defaultdict(Counter)
        for result in self.external:
            pages[result["filename"]][self.category(result)] += 1
        return dict(sorted(pages.items()))

    @property
    def checked(self) -> list[dict]:
        return [r for r in self.external if self.category(r) != "unchecked"]

    @property
    def no_network(self) -> bool:
        """Every external link failed before reaching its host."""
        checked = self.checked
        return bool(checked) and all(self.category(r) == "unreachable" for r in checked)

    @property
    def external_failures(self) -> list[dict]:
        return [r for r in self.external if self.category(r) in ("broken", "timeout", "unreachable")]

    def exit_status(self) -> int:
        if self.internal:
            return EXIT_BROKEN
        if self.no_network:
            return EXIT_NO_NETWORK
        return EXIT_BROKEN if self.external_failures else EXIT_OK


def run_linkchecker(html_dir: Path, rc: Path) -> tuple[list[InternalProblem], InternalCounts]:
    """LinkChecker over the built site; every error or warning is a problem.

    LinkChecker started as root gives up its rights to user ``nobody``, who
    may not be able to read the site, or LinkChecker's own plugins in the
    virtual environment (a clone in a private folder): its anchor check would
    then not run, without a word. It reads local files only here (external
    links are Sphinx's), so it runs as the user who started it
    (``python -m sphinx_summit.linkcheck --linkchecker ...``). Every URL it
    checked is listed (``--verbose``), so that the report can count them.
    """
    command = [sys.executable, "-m", "sphinx_summit.linkcheck", "--linkchecker",
               "-f", str(rc), "--no-status", "--verbose", "-o", "csv/utf-8", f"{html_dir}/"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"LinkChecker failed ({result.returncode}): {result.stderr.strip()}")
    if "Permission denied" in result.stdout:
        raise RuntimeError(f"LinkChecker could not read the whole site: {result.stdout.strip()}")
    return parse_linkchecker_csv(result.stdout, html_dir)


def linkchecker_as_this_user(argv: list[str]) -> int:
    """LinkChecker's own command line, without its switch to user nobody."""
    from linkcheck.command import linkchecker as command

    command.drop_privileges = lambda: None
    sys.argv = ["linkchecker", *argv]
    try:
        command.linkchecker()
    except SystemExit as exit:
        return int(exit.code or 0)
    return 0


def parse_linkchecker_csv(text: str, html_dir: Path) -> tuple[list[InternalProblem], InternalCounts]:
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    problems, counts = [], InternalCounts()
    root = html_dir.resolve().as_uri() + "/"
    for row in csv.DictReader(lines, delimiter=";"):
        if re.match(r"(https?|mailto):", row["urlname"]):
            continue  # external: Sphinx's linkcheck checks those
        counts.links += 1
        counts.anchors += "#" in row["urlname"]
        message = row["result"] if row["valid"] == "False" else row["warningstring"]
        if message:
            page = row["parentname"].removeprefix(root)
            problems.append(InternalProblem(page, row["urlname"], message.strip()))
    return problems, counts


def run_sphinx_linkcheck(srcdir: Path, confdir: Path, outdir: Path, doctrees: Path) -> list[dict]:
    command = [sys.executable, "-m", "sphinx", "-b", "linkcheck", "-q", "-c", str(confdir),
               "-d", str(doctrees), str(srcdir), str(outdir)]
    result = subprocess.run(command, capture_output=True, text=True)
    report = outdir / "output.json"
    if not report.exists():
        raise RuntimeError(f"Sphinx's linkcheck builder wrote no report: {result.stderr.strip()}")
    results = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines() if line]
    label_unreachable(outdir, results)
    return results


def label_unreachable(outdir: Path, results: list[dict]) -> None:
    """Sphinx calls a link whose host cannot be reached at all "broken"; ours are
    "unreachable" in every file it writes, as in the report."""
    unreachable = {r["uri"] for r in results if category(r) == "unreachable"}
    for r in results:
        if r["uri"] in unreachable:
            r["status"] = "unreachable"
    (outdir / "output.json").write_text("".join(json.dumps(r) + "\n" for r in results), encoding="utf-8")
    text = outdir / "output.txt"
    if text.exists():
        lines = []
        for line in text.read_text(encoding="utf-8").splitlines():
            match = re.match(r"(.*?: )\[(broken|timeout)\] (\S+)(.*)", line)
            if match and match[3].rstrip(":") in unreachable:
                line = f"{match[1]}[unreachable] {match[3]}{match[4]}"
            lines.append(line)
        text.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def print_report(report: Report) -> None:
    p = print
    counts = report.internal_counts
    p(f"Internal links and anchors (LinkChecker): {counts.links} links checked, {counts.anchors} of them "
      f"with an anchor; {len(report.internal)} problem(s)")
    for problem in report.internal:
        p(f"  {problem.page}: {problem.url}: {problem.message}")
    unreachable = sum(1 for r in report.external if report.category(r) == "unreachable")
    p(f"External links (Sphinx linkcheck): {len(report.checked) - unreachable} checked, "
      f"{unreachable} unreachable, {len(report.external) - len(report.checked)} not checked (ignored)")
    if report.no_network:
        p(f"no network: {len(report.checked)} external links not checked")
        return
    pages = report.per_page()
    if pages:
        width = max(len(name) for name in pages)
        p("External links (Sphinx linkcheck), per page:")
        p(f"  {'page':<{width}}  " + "  ".join(f"{c:>10}" for c in CATEGORIES))
        total: Counter = Counter()
        for name, counts in pages.items():
            total.update(counts)
            p(f"  {name:<{width}}  " + "  ".join(f"{counts[c]:>10}" for c in CATEGORIES))
        p(f"  {'total':<{width}}  " + "  ".join(f"{total[c]:>10}" for c in CATEGORIES))
    for r in report.external:
        category = report.category(r)
        if category in ("broken", "timeout", "unreachable", "redirected"):
            extra = f" -> {r['info']}" if category == "redirected" else f": {r['info']}"
            p(f"  [{category}] {r['filename']}:{r['lineno']}: {r['uri']}{extra}")


def http_code(result: dict) -> int:
    """The HTTP status of a result (Sphinx gives it in the message of a broken link)."""
    if result.get("code"):
        return int(result["code"])
    match = re.match(r"(\d{3}) (Client|Server) Error", result.get("info", ""))
    return int(match.group(1)) if match else 0


def update_status(report: Report, path: Path, today: str) -> bool:
    """Store the external results; refuse when there was no network."""
    if report.no_network:
        return False
    links = {}
    for r in sorted(report.checked + [x for x in report.external if x["status"] == "rate-limited"],
                    key=lambda r: r["uri"]):
        entry = {"status": r["status"], "code": http_code(r), "checked": today}
        if r["status"] == "redirected":
            entry["target"] = r["info"]
        elif r.get("info"):
            entry["info"] = r["info"][:300]
        links[r["uri"]] = entry
    path.write_text(json.dumps({"checked": today, "links": links}, indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--linkchecker"]:
        return linkchecker_as_this_user(argv[1:])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--html", type=Path, default=Path("_build/html"), help="the built site")
    ap.add_argument("--srcdir", type=Path, default=Path("docs"))
    ap.add_argument("--confdir", type=Path, default=Path("."))
    ap.add_argument("--builddir", type=Path, default=Path("_build"))
    ap.add_argument("--rc", type=Path, default=Path("linkcheckerrc"))
    ap.add_argument("--update-status", type=Path, metavar="FILE",
                    help="store the external results in this link status file")
    args = ap.parse_args(argv)

    report = Report()
    try:
        report.internal, report.internal_counts = run_linkchecker(args.html, args.rc)
        report.external = run_sphinx_linkcheck(args.srcdir, args.confdir, args.builddir / "linkcheck",
                                               args.builddir / "doctrees-linkcheck")
    except RuntimeError as exc:
        print(f"linkcheck: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print_report(report)
    if args.update_status:
        today = datetime.date.today().isoformat()
        if update_status(report, args.update_status, today):
            print(f"link status stored in {args.update_status}")
        else:
            print(f"no network: {args.update_status} left as it was")
    return report.exit_status()


if __name__ == "__main__":
    sys.exit(main())
