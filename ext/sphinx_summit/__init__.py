"""sphinx_summit: conference notes as a documentation site.

The extension ``sphinx_summit`` itself: summits, session cards, listings,
indices and an export. Modules, one concern each:

  data_files  YAML data files, checked against their schemas with lines
  summits     summit declarations (summit.yaml): dates, days, formats, remarks
  catalogue   the projects and topics data file
  metadata    what a session's options mean (FIELDS), and what is wrong with them
  kinds       the table of indices (project, topic, people)
  cards       session cards from sphinx-design components
  editing     what the editors added, marked as such: editor-note, editing-marks
  directives  session, session-list, summit-list, summit-days
  domain      the ``summit`` domain: storage, roles, cross-references
  navigation  summits in the toctree, newest first
  listings    write-time listings, related sessions, summits and days
  rewrite     pages written again when what they show of other pages changed
              (listings, bounded_nav and the diagrams keep their fingerprints there)
  indices     the index pages
  pages       what every page needs: a title, fences that close
  quiet       a rebuild says little: the configuration compared as it is, redirects in one line
  state       what the core keeps on the environment, outside its domain
  order       the priorities of every handler and transform of the package
  internals   the private attributes of Sphinx the package reads, and why
  export      sessions.json and its schema
  i18n        translatable words and dates

Companion extensions of the package, each listed on its own in conf.py:
``sphinx_summit.search`` (the site indexed by Pagefind; the search page, with
facets and spelling help), ``sphinx_summit.mermaid`` (self-hosted Mermaid; pictures of the diagrams for the
PDF and EPUB), ``sphinx_summit.editions`` (the PDF and EPUB editions read as a
book), ``sphinx_summit.linkstatus``
(archive links for dead links), ``sphinx_summit.bounded_nav`` (a sidebar of
bounded cost), ``sphinx_summit.incremental`` (removed pages gone from the output), ``sphinx_summit.hosting`` (page descriptions and link
previews), ``sphinx_summit.wayfinding`` (the 404 page's way on, a description for
every page) and ``sphinx_summit.a11y`` (accessibility fixes). Each can be
left out (tests/test_companions_alone.py).
"""

from __future__ import annotations

__version__ = "0.2.0"

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from .cards import CARD_DETAILS_VISITORS, badge_commas, card_details
from .catalogue import load_catalogue
from .directives import (
    SessionDirective,
    SessionListDirective,
    SummitDaysDirective,
    SummitExportDirective,
    SummitListDirective,
    register_sessions,
)
from .domain import SummitDomain, read_pages_of_another_record
from .editing import EditingMarksDirective, EditorNoteDirective
from .export import write_export
from .i18n import add_site_catalogues
from .indices import check_catalogue_links, index_classes, index_page_context, sidebar_context
from .kinds import INDEX_KINDS
from .listings import fill_listings, pages_with_new_listings
from .queries import PLACEHOLDERS
from .pages import setup_pages
from .quiet import add_before_comparison, count_redirects, quiet_this_build, without_repeats
from .navigation import SummitsNewestFirst, check_moved_pages, summits_changed
from . import order
from .reports import check_across_pages, list_pages, read_again, read_pages_naming_removed, watch_warnings
from .settings import add_settings, site_remarks
from .state import keep_data
from .sources import (
    exclude_unreadable_pages,
    forget_codec,
    never_wait,
    read_leniently,
    refuse_files,
    refuse_includes,
    replace_control_characters,
    replace_control_characters_included,
    unreadable_declarations,
)
from .summits import load_summits

HERE = Path(__file__).parent
logger = logging.getLogger(__name__)


def add_paths(app: Sphinx, config) -> None:
    """The templates and CSS that come with the package. (New lists: a setting
    conf.py leaves out is Sphinx's default, one list for every build in the process.)"""
    config.templates_path = [*config.templates_path, str(HERE / "templates")]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]
    # moved pages (sphinx-reredirects): a real page, which keeps the #anchor
    if "redirect_html_template_file" in config and not config.redirect_html_template_file:
        config.redirect_html_template_file = str(HERE / "templates" / "redirect.html")


def load_data(app: Sphinx) -> None:
    """The catalogue and the summits, read before any page, and their problems."""
    path = Path(app.srcdir, app.config.summit_catalogue)  # (an absolute path stays as it is)
    catalogue, problems = load_catalogue(path)
    report(path, problems, "catalogue", setting=(app.confdir, "summit_catalogue"))
    refused = unreadable_declarations(app)
    summits, problems_by_file = load_summits(
        Path(app.srcdir), app.config.exclude_patterns, app.config.summit_formats,
        site_remarks(app.config), skip=frozenset(refused))
    for declaration, problems in problems_by_file.items():
        report(declaration, problems, "summit")
    keep_data(app.env, catalogue, str(path), summits)
    if app.builder.format == "html":
        app.add_css_file("summit.css")
        app.add_js_file("summit-menus.js", loading_method="defer")


def report(path: Path, problems: list[tuple[int, str]], subtype: str,
           setting: tuple[str, str] | None = None) -> None:
    """A data file's problems, at their lines; a broken catalogue is an error.

    A file that cannot be read at all is reported where conf.py names it.
    """
    log = logger.error if subtype == "catalogue" else logger.warning
    for line, message in problems:
        location = f"{path}:{line}"
        if not line and setting:
            location = config_line(*setting)
            message = f"{message}: {path} ({setting[1]} in conf.py)"
        log(message, location=location, type="summit", subtype=subtype)


def config_line(confdir: str, name: str) -> str:
    """'conf.py:N', N the line that sets ``name`` (1 if it is not set there)."""
    conf = Path(confdir, "conf.py")
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    number = next((n for n, line in enumerate(lines, 1) if line.startswith(f"{name} ")), 1)
    return f"{conf}:{number}"


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_design")
    add_settings(app)
    app.connect("config-inited", add_site_catalogues)

    SummitDomain.indices = index_classes()
    app.add_domain(SummitDomain)
    # the roles and directives are used without the domain prefix
    for role in ("session", *INDEX_KINDS):
        app.add_role(role, SummitDomain.roles[role])
    app.add_directive("session", SessionDirective)
    app.add_directive("session-list", SessionListDirective)
    app.add_directive("summit-list", SummitListDirective)
    app.add_directive("summit-days", SummitDaysDirective)
    app.add_directive("summit-export", SummitExportDirective)
    app.add_directive("editor-note", EditorNoteDirective)
    app.add_directive("editing-marks", EditingMarksDirective)
    for placeholder in PLACEHOLDERS:
        app.add_node(placeholder)
    app.add_node(card_details, **CARD_DETAILS_VISITORS)
    app.add_transform(SummitsNewestFirst)

    setup_pages(app)
    app.connect("config-inited", add_paths)
    app.connect("config-inited", add_before_comparison)
    app.connect("builder-inited", without_repeats, priority=order.STATIC_PATHS_ONCE)
    quiet_this_build(app)
    app.connect("html-collect-pages", count_redirects, priority=order.REDIRECTS_COUNTED)
    app.connect("config-inited", exclude_unreadable_pages, priority=order.UNREADABLE_PAGES)
    app.connect("env-before-read-docs", read_leniently)
    app.connect("build-finished", forget_codec)
    app.connect("source-read", replace_control_characters, priority=order.CONTROLS_REPLACED)
    app.connect("include-read", replace_control_characters_included, priority=order.CONTROLS_REPLACED)
    app.connect("source-read", never_wait)
    app.connect("include-read", refuse_includes)
    app.connect("doctree-read", refuse_files, priority=order.UNREADABLE_FILES)
    app.connect("builder-inited", load_data)
    app.connect("env-get-outdated", summits_changed)
    app.connect("builder-inited", watch_warnings)
    app.connect("env-get-outdated", read_again)
    app.connect("env-get-outdated", read_pages_naming_removed)
    app.connect("env-get-outdated", read_pages_of_another_record)
    app.connect("env-updated", check_across_pages)
    app.connect("env-updated", check_catalogue_links)
    app.connect("env-updated", check_moved_pages)
    app.connect("build-finished", list_pages)
    app.connect("doctree-read", register_sessions)
    app.connect("doctree-resolved", badge_commas)
    app.connect("doctree-resolved", fill_listings, priority=order.FILL_LISTINGS)
    app.connect("env-get-updated", pages_with_new_listings)
    app.connect("html-page-context", sidebar_context)
    app.connect("html-page-context", index_page_context)
    app.connect("build-finished", write_export)
    return {
        "version": __version__,
        "env_version": SummitDomain.data_version,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
