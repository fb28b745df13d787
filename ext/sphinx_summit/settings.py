"""The settings of ``sphinx_summit`` in conf.py, declared once.

The extension registers them (``add_settings``); the scaffold reads conf.py
with them (``site_config``), so both check a page against the same formats,
remarks and moved pages.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.tags import Tags

from .summits import COLOURS, Remark

logger = logging.getLogger(__name__)

# name, default, what a change rebuilds, types (as app.add_config_value takes them)
SETTINGS = (
    ("summit_formats", ["keynote", "talk", "panel"], "env", list),
    ("summit_remarks", {}, "env", dict),
    ("summit_catalogue", "_data/catalogue.yaml", "env", str),
    # folders (relative to conf.py) pages may read files from, besides the source folder
    ("summit_readable_folders", [], "env", list),
    # a schedule's event type (or track) -> the site's format, for `make summit FROM=...`
    # (sphinx_summit.schedule; a type that is a format of the site needs no entry)
    ("summit_schedule_formats", {"lecture": "talk", "lightning talk": "talk", "presentation": "talk",
                                 "discussion": "panel", "podium": "panel", "panel discussion": "panel"},
     "", dict),
)
# read from conf.py by the scaffold too: sphinx-reredirects' moved pages
REDIRECTS = ("redirects", {}, "", dict)


def add_settings(app) -> None:
    for name, default, rebuild, types in SETTINGS:
        app.add_config_value(name, default, rebuild, types)


def site_config(confdir: Path) -> Config:
    """conf.py of ``confdir``, read as the build reads it (without extensions)."""
    config = Config.read(confdir, overrides={}, tags=Tags())
    for name, default, rebuild, types in (*SETTINGS, REDIRECTS):
        config.add(name, default, rebuild, types)
    return config


def site_remarks(config) -> dict[str, Remark]:
    """``summit_remarks`` of conf.py: name -> text, or name -> {text, colour}."""
    remarks = {}
    for name, value in config.summit_remarks.items():
        if isinstance(value, str):
            remarks[name] = Remark(value)
        elif isinstance(value, dict) and isinstance(value.get("text"), str) \
                and value.get("colour", "secondary") in COLOURS:
            remarks[name] = Remark(value["text"], value.get("colour", "secondary"))
        else:
            logger.error("summit_remarks[%r] in conf.py must be a text, or {'text': ..., "
                         "'colour': one of %s}", name, ", ".join(COLOURS),
                         type="summit", subtype="config")
    return remarks
