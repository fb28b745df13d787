"""When each page was last committed: one ``git log`` for the whole source folder.

The feeds (``sphinx_summit.feeds``) date their entries with it, and the pages
(``sphinx_summit.last_updated``) say when they were last updated. A source folder
outside a git checkout (a tarball), a page not committed, or no ``git`` at all
gives no date, without a word: the callers fall back or show none.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

COMMIT = "\x01"  # starts each commit's record in the log


def commit_dates(folder: str | Path) -> dict[str, datetime]:
    """Path below ``folder`` (posix) -> the date of its last commit, in UTC."""
    if shutil.which("git") is None:
        return {}
    try:
        log = subprocess.run(
            ["git", "-C", str(folder), "log", f"--format={COMMIT}%ct", "-z", "--name-only",
             "--no-renames", "--relative", "--", "."],
            capture_output=True, text=True, encoding="utf-8", errors="surrogateescape", check=False)
    except OSError:
        return {}
    if log.returncode != 0:
        return {}
    dates: dict[str, datetime] = {}
    for record in log.stdout.split(COMMIT)[1:]:  # newest commit first
        stamp, *paths = record.split("\0")
        when = datetime.fromtimestamp(int(stamp), timezone.utc)
        for path in paths:
            path = path.lstrip("\n")
            if path:
                dates.setdefault(path, when)
    return dates


def page_dates(app) -> dict[str, datetime]:
    """Docname -> the date of its source's last commit, for the pages that have one."""
    by_path = commit_dates(app.srcdir)
    dates = {}
    for docname in app.env.found_docs:
        source = Path(app.env.doc2path(docname)).relative_to(app.srcdir).as_posix()
        if source in by_path:
            dates[docname] = by_path[source]
    return dates
