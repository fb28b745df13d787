"""The summit extension: session cards, listings, indices and an export.

Modules, one concern each:
  catalogue   the projects and topics data file
  metadata    what a session's options mean, and what is wrong with them
  cards       session cards from sphinx-design components
  directives  ``session`` and ``session-list``
  domain      the ``summit`` domain: storage, roles, cross-references
  listings    write-time listings and related sessions
  indices     project, topic and people index pages
  export      sessions.json
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util import logging

from .cards import BadgeCommas
from .catalogue import load_catalogue
from .directives import SessionDirective, SessionListDirective, register_sessions, session_list
from .domain import SummitDomain
from .export import write_export
from .indices import PeopleIndex, ProjectIndex, TopicIndex, index_page_context
from .listings import FillListings, pages_to_rewrite

__version__ = "0.1.0"
HERE = Path(__file__).parent
logger = logging.getLogger(__name__)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_config(app: Sphinx, config) -> None:
    """Fail early, and clearly, on a malformed summit configuration."""
    days = config.summit_days
    if not days or not all(isinstance(k, int) for k in days):
        raise ConfigError("summit_days must map day numbers (1, 2, ...) to "
                          "{'date': 'YYYY-MM-DD', 'label': 'Day 1'}")
    for number, day in days.items():
        if not DATE_RE.match(str(day.get("date", ""))) or not day.get("label"):
            raise ConfigError(f"summit_days[{number}] needs a 'date' (YYYY-MM-DD) and a 'label'")
    if not config.summit_formats:
        raise ConfigError("summit_formats must list at least one format")
    config.templates_path.append(str(HERE / "templates"))
    config.html_static_path.append(str(HERE / "static"))


def load_data(app: Sphinx) -> None:
    path = Path(app.confdir, app.config.summit_catalogue)
    app.env.summit_catalogue, problems = load_catalogue(path)
    app.env.summit_catalogue_path = str(path)
    for line, message in problems:
        logger.error(message, location=f"{path}:{line}" if line else str(path),
                     type="summit", subtype="catalogue")
    if app.builder.format == "html":
        app.add_css_file("summit.css")


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_design")
    app.add_config_value("summit_days", {}, "env", dict)
    app.add_config_value("summit_formats", [], "env", list)
    app.add_config_value("summit_remarks", {}, "env", dict)
    app.add_config_value("summit_catalogue", "docs/_data/catalogue.yaml", "env", str)

    app.add_domain(SummitDomain)
    for index in (ProjectIndex, TopicIndex, PeopleIndex):
        app.add_index_to_domain("summit", index)
    # the roles and directives are used without the domain prefix
    for role in ("session", "project", "topic", "person"):
        app.add_role(role, SummitDomain.roles[role])
    app.add_directive("session", SessionDirective)
    app.add_directive("session-list", SessionListDirective)
    app.add_node(session_list)
    app.add_post_transform(FillListings)
    app.add_post_transform(BadgeCommas)

    app.connect("config-inited", check_config)
    app.connect("builder-inited", load_data)
    app.connect("doctree-read", register_sessions)
    app.connect("env-get-updated", pages_to_rewrite)
    app.connect("html-page-context", index_page_context)
    app.connect("build-finished", write_export)
    return {
        "version": __version__,
        "env_version": SummitDomain.data_version,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
