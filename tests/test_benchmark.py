"""The benchmark runs (at 1x, once), so that it cannot rot. No timing is asserted."""

from __future__ import annotations

import json
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import bench  # noqa: E402


def test_benchmark_runs_at_1x(tmp_path, capsys):
    out = tmp_path / "results.json"
    assert bench.main(["--scales", "1", "--repeat", "1", "--json", str(out),
                       "--work", str(tmp_path / "work")]) == 0
    row = json.loads(out.read_text())["rows"][0]
    assert row["sessions"] == 29
    assert row["edit_reread"] == 1  # editing one session re-reads only that page
    assert row["j2_differing_files"] == 0  # -j 2 gives the same output
    for key in ("clean_s", "nochange_s", "edit_s", "clean_j2_s", "baseline_s",
                "baseline_nochange_s", "baseline_j2_s", "peak_mb"):
        assert row[key] > 0
    printed = capsys.readouterr().out
    assert "| 1x | 29 |" in printed


def test_plain_baseline_has_no_summit_markup():
    text = (ROOT / "docs/day3/cinder-replication.md").read_text()
    plain = bench.plain(text)
    assert "{session}" not in plain and "{project}" not in plain
    assert "- **Day:** 3" in plain
