"""A rebuild of the real site with nothing changed is quiet: at most 25 lines,
none that reads like a problem, the redirects in one line (sphinx_summit.quiet)."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT

PROBLEM = re.compile(r"configuration has changed|overwriting|warning|error|myst v", re.I)


def test_a_rebuild_with_nothing_changed_says_little_and_nothing_alarming(real_site):
    # the build real_site made, again, as make html runs it (without -q)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n",
         "-c", str(ROOT), "-d", str(real_site.parent / "doctrees"), str(ROOT / "docs"), str(real_site)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    lines = (result.stdout + result.stderr).splitlines()
    assert "updating environment: 0 added, 0 changed, 0 removed" in lines
    assert len(lines) <= 25, "\n".join(lines)
    assert [line for line in lines if PROBLEM.search(line)] == []
    assert len([line for line in lines if line.startswith("redirects: ")]) == 1, "\n".join(lines)
