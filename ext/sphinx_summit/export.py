"""``sessions.json``: every session, machine-readable, in the HTML output.

Its shape is ``schemas/sessions.schema.json`` (also copied into
the output), and the tests validate the export against it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .domain import SummitDomain
from .builders import is_website
from .metadata import FIELDS

SCHEMA_PATH = Path(__file__).parent / "schemas" / "sessions.schema.json"


def summit_records(app) -> list[dict]:
    return [{
        "id": s.id,
        "title": s.title,
        "short_title": s.short_title,
        "start": s.start.isoformat(),
        "end": s.end.isoformat(),
        "place": s.place or None,
        "release": s.release or None,
        "cycle": s.cycle or None,
        "url": app.builder.get_target_uri(s.landing_page(app.config.root_doc)),
    } for s in app.env.summit_summits.newest_first()]


def session_records(app) -> list[dict]:
    domain: SummitDomain = app.env.get_domain("summit")
    summits = app.env.summit_summits.by_id
    records = []
    for s in domain.lookups.all_sessions:
        days = summits[s.summit].days if s.summit in summits else {}
        records.append({
            "id": s.id,
            "summit": s.summit,
            "title": s.title,
            "day": s.day,
            "date": days[s.day].isoformat() if s.day in days else None,
            "url": app.builder.get_target_uri(s.docname) + "#" + s.id,
            # the other fields, in their declared order
            **{f.name: f.exported(s) for f in FIELDS if f.name not in ("id", "day")},
        })
    return records


def write_export(app, exception) -> None:
    if exception is not None or not is_website(app.builder):
        return
    outdir = Path(app.builder.outdir)
    # one session per line: easy to read and diff, and fast (json's C encoder
    # is used only without indent)
    def lines(records):
        return ",\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    site = json.dumps(app.config.project, ensure_ascii=False)
    text = (f'{{"site": {site},\n "summits": [\n{lines(summit_records(app))}\n],\n'
            f' "sessions": [\n{lines(session_records(app))}\n]}}\n')
    target = outdir / "sessions.json"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    shutil.copyfile(SCHEMA_PATH, outdir / SCHEMA_PATH.name)
