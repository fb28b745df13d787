"""The benchmark runs (at 1x, once), so that it cannot rot. No timing is asserted."""

from __future__ import annotations

import json
import runpy
from types import SimpleNamespace

import yaml

from conftest import ROOT
from site_properties import session_pages_of, summits_of

bench = SimpleNamespace(**runpy.run_path(str(ROOT / "benchmarks" / "bench.py")))
SESSIONS = len(session_pages_of(ROOT / "docs"))  # at 1x: the site's own notes, whatever they are


def test_benchmark_runs_at_1x(tmp_path, capsys):
    out = tmp_path / "results.json"
    assert bench.main(["--scales", "1", "--repeat", "1", "--json", str(out),
                       "--work", str(tmp_path / "work")]) == 0
    row = json.loads(out.read_text())["rows"][0]
    assert row["sessions"] == SESSIONS
    assert row["edit_reread"] == 1  # editing one session re-reads only that page
    assert row["j2_differing_paths"] == []  # -j 2 gives the same output
    assert row["j2_differing_files"] == 0
    for key in ("clean_s", "nochange_s", "edit_s", "clean_j2_s", "baseline_s",
                "baseline_nochange_s", "baseline_j2_s", "peak_mb"):
        assert row[key] > 0
    printed = capsys.readouterr().out
    assert f"| 1x | {SESSIONS} |" in printed
    # the baseline is plain MyST: nothing of the summit extension (no export, no
    # Pagefind: Sphinx's own search index)
    site, plain = tmp_path / "work/out-1/html", tmp_path / "work/out-plain-1/html"
    assert (site / "sessions.json").is_file() and (site / "pagefind").is_dir()
    assert not (plain / "sessions.json").exists() and not (plain / "pagefind").exists()
    assert (plain / "searchindex.js").is_file()


SUMMIT_MARKUP = ("{session}", "{project}", "{topic}", "{person}", ":::{session", ":::{summit-")


def test_plain_baseline_has_no_summit_markup():
    text = (ROOT / "docs/tokyo-2015/day3/cinder-replication.md").read_text()
    plain = bench.plain(text)
    assert not [markup for markup in SUMMIT_MARKUP if markup in plain]
    assert "- **Day:** 3" in plain
    # every page: the listings (summit-list, summit-days, session-list) go too
    for page in (ROOT / "docs").rglob("*.md"):
        plain = bench.plain(page.read_text())
        assert not [markup for markup in SUMMIT_MARKUP if markup in plain], page


def test_site_at_2_copies_has_two_summits(tmp_path):
    site = tmp_path / "site"
    bench.generate(site, 2)
    original, copy = site / "tokyo-2015", site / "tokyo-2015-c002"
    # Tokyo twice; the other summits of docs/ (an author's) once, as they are
    assert sorted(summits_of(site)) == sorted([*summits_of(ROOT / "docs"), copy.name])
    summits = [yaml.safe_load((folder / "summit.yaml").read_text()) for folder in (original, copy)]
    for key in ("title", "short-title"):
        assert len({summit[key] for summit in summits}) == 2, key
    assert summits[0]["title"] == yaml.safe_load(
        (ROOT / "docs/tokyo-2015/summit.yaml").read_text())["title"]
    pages = list(site.rglob("*.md"))
    assert not [page for page in pages if ":under:" in page.read_text()]
    # the copy's pages are the original's: no id prefixing
    assert sorted(p.relative_to(original) for p in original.rglob("*.md")) == \
        sorted(p.relative_to(copy) for p in copy.rglob("*.md"))
    page = "day3/cinder-replication.md"
    assert (copy / page).read_text() == (ROOT / "docs/tokyo-2015" / page).read_text()
    assert (site / "index.md").read_text() == (ROOT / "docs/index.md").read_text()
    assert bench.count_sessions(site) == SESSIONS + len(session_pages_of(ROOT / "docs/tokyo-2015"))


def test_the_search_benchmark_runs_at_1x(tmp_path, capsys):
    """benchmarks/search_bench.py (make searchbench) at 1x: every page of the notes
    indexed, and what one search fetched measured in a browser."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from search_bench import main

    out = tmp_path / "search.json"
    assert main(["--scales", "1", "--json", str(out)]) == 0
    row = json.loads(out.read_text())[0]
    assert row["pages"] > SESSIONS  # the sessions and the other pages of the notes
    assert row["index_kb"] > 0 and row["index_s"] > 0
    # the page, Pagefind and the index chunks the query needs: more than the page alone
    assert all(kb > 50 for kb in row["search_kb_by_query"].values())
    assert "| 1x |" in capsys.readouterr().out
