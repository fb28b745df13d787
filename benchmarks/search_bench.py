#!/usr/bin/env python3
"""The search index at scale (sphinx_summit.search, Pagefind).

For each scale (bench.py's sites: the Tokyo summit N times, each copy a
summit), one clean build of the site, then:

  pages        the pages Pagefind indexed (its fragments)
  index KB     the whole index on disk (``pagefind/``), and its files
  search KB    what a phone fetches, compressed as a host serves it (gzip), to
               open search.html?q=QUERY and show the first results: the page,
               its styles and scripts, Pagefind and the index chunks the
               query needs (the largest over QUERIES)
  index s      Pagefind indexing the built site again on its own, and that
               as a share of the clean build (issue 27: at most 10 %)

Usage: python benchmarks/search_bench.py [--scales 1 20 100] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import generate, sphinx  # noqa: E402
from lighthouse import CHROMIUM, CHROME_FLAGS, PHONE, serve  # noqa: E402

QUERIES = ("ceph", "neutron", "Sage Weil", "neutorn")  # common, phrase, misspelt


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


SHOWN = "() => document.querySelector('#summit-search-results[aria-busy=\"false\"]')"


def search_bytes(site: Path) -> dict[str, int]:
    """query -> bytes fetched (headers and bodies as sent, gzip) to open the search
    page on a phone and show its results, in a browser with nothing cached."""
    from playwright.sync_api import sync_playwright

    found = {}
    with serve(site, "/") as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS.split()[1:])
        try:
            for query in QUERIES:
                context = browser.new_context(**PHONE)
                page = context.new_page()
                finished = []
                page.on("requestfinished", lambda request: finished.append(request))
                page.goto(f"{base}search.html?q={quote(query)}")
                page.wait_for_function(SHOWN, timeout=120000)
                page.wait_for_load_state("networkidle")
                found[query] = sum(r.sizes()["responseHeadersSize"] + r.sizes()["responseBodySize"]
                                   for r in finished)
                context.close()
        finally:
            browser.close()
    return found


def index_seconds(html: Path) -> float:
    from sphinx_summit.search import _index

    copy = Path(tempfile.mkdtemp(prefix="search-bench-"))
    try:
        shutil.copytree(html, copy, dirs_exist_ok=True)
        start = time.perf_counter()
        asyncio.run(_index(copy))
        return time.perf_counter() - start
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def measure(scale: int, work: Path) -> dict:
    site, out = work / f"site-{scale}", work / f"out-{scale}"
    generate(site, scale)
    clean = sphinx(site, out)["seconds"]
    html = out / "html"
    bundle = html / "pagefind"
    fetched = search_bytes(html)
    seconds = index_seconds(html)
    row = {"scale": scale, "pages": len(list((bundle / "fragment").iterdir())),
           "index_kb": folder_bytes(bundle) / 1024, "index_files": sum(1 for p in bundle.rglob("*") if p.is_file()),
           "search_kb": max(fetched.values()) / 1024, "search_kb_by_query": {q: b / 1024 for q, b in fetched.items()},
           "clean_s": clean, "index_s": seconds, "index_share": seconds / clean}
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return row


def table(rows: list[dict]) -> str:
    lines = ["| scale | pages | index KB | index files | one search fetches KB (gzip) | clean s | indexing s | indexing / clean |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['scale']}x | {r['pages']} | {r['index_kb']:,.0f} | {r['index_files']} | "
                     f"{r['search_kb']:,.0f} | {r['clean_s']:.1f} | {r['index_s']:.1f} | {r['index_share']:.1%} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 20])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="search-bench-") as work:
        for scale in args.scales:
            rows.append(measure(scale, Path(work)))
            print(table(rows[-1:]).splitlines()[-1], flush=True)
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
