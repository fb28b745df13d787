"""Link status travels with the site.

The result of the last external link check is kept in a committed data file
(``linkstatus_file``, written by ``make linkstatus``). The HTML build reads
it: a link known to be dead gets a second link, to its copy on the Internet
Archive as of the last day of the page's summit; a link known to have moved
permanently gets a link to its new address. Links with no recorded status are left alone.

What the extension keeps on the environment: ``env.link_status``, url -> its
recorded status, read from the file by ``load_status`` when the builder starts
(``builder-inited``, every build, in the main process before any page is
written: the -j writers have it and nothing is merged); read through
``link_statuses(env)``.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from .. import __version__, order
from ..data_files import load_schema, load_yaml
from ..state import summits_of

logger = logging.getLogger(__name__)
SCHEMA = load_schema(Path(__file__).parents[1] / "schemas" / "link-status.schema.json")
DEAD = "broken"
MOVED_CODES = {301, 308}


def archive_url(url: str, date: str) -> str:
    """The Wayback Machine's copy of ``url`` closest to ``date`` (YYYYMMDD)."""
    return f"https://web.archive.org/web/{date}/{url}"


def status_path(app: Sphinx) -> Path:
    return Path(app.srcdir, app.config.linkstatus_file)


def link_statuses(env) -> dict[str, dict]:
    return getattr(env, "link_status", {})


def note_status_dependency(app: Sphinx, doctree: nodes.document) -> None:
    """A page with external links is rebuilt when the status file changes."""
    if any(ref.get("refuri", "").startswith(("http://", "https://"))
           for ref in doctree.findall(nodes.reference)):
        app.env.note_dependency(str(status_path(app)))


def load_status(app: Sphinx) -> None:
    """The recorded statuses; a file of the wrong shape is reported at its lines."""
    path = status_path(app)
    app.env.link_status = {}
    if not path.exists():
        return
    # JSON is YAML: one loader gives lines, duplicate keys and the schema's verdict
    data, _tree, problems = load_yaml(path, SCHEMA, "the link status file")
    for line, message in problems:
        logger.error("%s (regenerate the file with `make linkstatus`)", message,
                     location=f"{path}:{line}", type="linkstatus")
    if problems or not isinstance(data, dict):
        return
    app.env.link_status = data["links"]


class AnnotateLinks(SphinxPostTransform):
    """Add the archived copy of dead links and the new home of moved ones."""

    default_priority = order.ANNOTATE_LINKS
    formats = ("html",)

    def run(self, **kwargs) -> None:
        statuses = link_statuses(self.env)
        if not statuses:
            return
        date = self.config.linkstatus_archive_date or self.notes_date()
        for ref in list(self.document.findall(nodes.reference)):
            status = statuses.get(ref.get("refuri", ""))
            if status is None or ref.get("linkstatus-done"):
                continue
            ref["linkstatus-done"] = True
            if status["status"] == DEAD:
                ref["classes"].append("link-dead")
                ref["reftitle"] = f"This link was dead when checked on {status['checked']}"
                when = date or status["checked"].replace("-", "")
                extra = self.note("archived copy", archive_url(ref["refuri"], when),
                                  "link-archive")
            elif status["status"] == "redirected" and status.get("code") in MOVED_CODES \
                    and status.get("target") and self.config.linkstatus_show_moved:
                extra = self.note("now at its new address", status["target"], "link-moved")
            else:
                continue
            ref.parent.insert(ref.parent.index(ref) + 1, extra)

    def notes_date(self) -> str:
        """The last day of the page's summit (YYYYMMDD): when its links were live."""
        summits = summits_of(self.env)
        summit = summits.of(self.env.docname) if summits else None
        return summit.end.strftime("%Y%m%d") if summit else ""

    @staticmethod
    def note(text: str, url: str, cls: str) -> nodes.inline:
        note = nodes.inline("", " (", classes=["linkstatus-note"])
        note += nodes.reference("", text, refuri=url, classes=[cls], **{"linkstatus-done": True})
        note += nodes.Text(")")
        return note


def setup(app: Sphinx) -> dict:
    app.add_config_value("linkstatus_file", "_data/link-status.json", "env", str)
    # the Internet Archive's copy as of this date (YYYYMMDD); by default the last
    # day of the page's summit, or the day the link was checked
    app.add_config_value("linkstatus_archive_date", "", "env", str)
    app.add_config_value("linkstatus_show_moved", True, "env", bool)
    app.connect("builder-inited", load_status)
    app.connect("doctree-read", note_status_dependency)
    app.add_post_transform(AnnotateLinks)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
