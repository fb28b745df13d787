"""``sessions.json``: every session, machine-readable, in the HTML output.

Its shape is ``sessions.schema.json`` beside this module (also copied into
the output), and the tests validate the export against it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .domain import SummitDomain

SCHEMA_PATH = Path(__file__).parent / "sessions.schema.json"


def session_records(app) -> list[dict]:
    domain: SummitDomain = app.env.get_domain("summit")
    days = app.config.summit_days
    records = []
    for s in domain.all_sessions:
        records.append({
            "id": s.id,
            "title": s.title,
            "day": s.day,
            "date": days[s.day]["date"] if s.day in days else None,
            "url": app.builder.get_target_uri(s.docname) + "#" + s.id,
            "format": s.format,
            "speakers": list(s.speakers),
            "organizations": list(s.organizations),
            "projects": list(s.projects),
            "topics": list(s.topics),
            "remarks": list(s.remarks),
        })
    return records


def write_export(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.builder.outdir)
    # one session per line: easy to read and diff, and fast (json's C encoder
    # is used only without indent)
    records = ",\n".join(json.dumps(r, ensure_ascii=False) for r in session_records(app))
    summit = json.dumps(app.config.project, ensure_ascii=False)
    text = f'{{"summit": {summit},\n "sessions": [\n{records}\n]}}\n'
    target = outdir / "sessions.json"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    shutil.copyfile(SCHEMA_PATH, outdir / SCHEMA_PATH.name)
