"""Render the diagrams of built pages in Chromium and report any that broke.

Usage: python tests/check_diagrams.py HTML_DIR PAGE.html [PAGE.html ...]
(the same check as the browser tests, for authors while they write diagrams)
"""

from __future__ import annotations

import sys
from pathlib import Path

from browser import CHROMIUM, CHROMIUM_ARGS, diagram_report, serve


def main(html_dir: str, *pages: str) -> int:
    from playwright.sync_api import sync_playwright

    with serve(Path(html_dir)) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        broken, rendered = diagram_report(browser, url, list(pages))
        browser.close()
    for page, problems in broken.items():
        for problem in problems:
            print(f"{page}: {problem}")
    print(f"{rendered} diagram(s) rendered, {sum(map(len, broken.values()))} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
