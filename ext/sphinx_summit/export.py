"""``sessions.json``: every session, machine-readable, in the HTML output.

Its shape is ``sessions.schema.json``, written beside it: the frame
``schemas/sessions.frame.json`` with a property for each field of
``metadata.FIELDS``. The tests validate the export against it.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from .domain import SummitDomain
from .builders import is_website
from .metadata import FIELDS

SCHEMA_NAME = "sessions.schema.json"
FRAME_PATH = Path(__file__).parent / "schemas" / "sessions.frame.json"
# A session's record: where it is and its title among its fields, then the other fields
# in their declared order.
RECORD_START = ("id", "summit", "title", "day", "date", "url")


def sessions_schema() -> dict:
    """The JSON schema of ``sessions.json``."""
    schema = json.loads(FRAME_PATH.read_text(encoding="utf-8"))
    del schema["$comment"]
    session = schema["$defs"]["session"]
    properties = {**session["properties"], **{f.name: f.schema for f in FIELDS}}
    order = [*RECORD_START]
    for f in FIELDS:
        order += [] if f.name in RECORD_START else [f.name]
        order += ["end"] if f.name == "duration" else []
    schema["$defs"]["session"] = {"type": session["type"], "required": order,
                                  "additionalProperties": session["additionalProperties"],
                                  "properties": {name: properties[name] for name in order}}
    return schema


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
        summit = summits.get(s.summit)
        day = summit.days.get(s.day) if summit else None
        record = {
            "id": s.id,
            "summit": s.summit,
            "title": s.title,
            "day": s.day,
            "date": day.isoformat() if day else None,
            "url": app.builder.get_target_uri(s.docname) + "#" + s.id,
        }
        start, end = iso_times(s, day, summit.time_zone if summit else "")
        for f in FIELDS:
            if f.name not in RECORD_START:
                record[f.name] = start if f.name == "start" else f.exported(s)
            if f.name == "duration":
                record["end"] = end  # (the schema's order: after the duration)
        records.append(record)
    return records


def iso_times(session, day: date | None, time_zone: str) -> tuple[str | None, str | None]:
    """The session's start and end as ISO 8601 date and time (with the UTC offset
    of ``time_zone``, if given); None where the card gives no start (or no duration)."""
    if day is None or not session.start:
        return None, None
    hours, minutes = map(int, session.start.split(":"))
    start = datetime(day.year, day.month, day.day, hours, minutes,
                     tzinfo=ZoneInfo(time_zone) if time_zone else None)
    end = None
    if session.duration:
        hours, minutes = map(int, session.duration.split(":"))
        # (aware datetimes in one zone add as wall-clock times; the offset is the end's)
        end = (start + timedelta(hours=hours, minutes=minutes)).isoformat()
    return start.isoformat(), end


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
    schema = json.dumps(sessions_schema(), indent=2, ensure_ascii=False) + "\n"
    target = outdir / SCHEMA_NAME
    if not target.exists() or target.read_text(encoding="utf-8") != schema:
        target.write_text(schema, encoding="utf-8")
