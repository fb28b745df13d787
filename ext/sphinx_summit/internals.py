"""What the package reads of other projects' internals: all of it, here.

None of these has a public API in the versions pinned in requirements.txt;
each function says why, so that their next releases can be checked in one
place, and ``tests/test_internals.py`` fails when one of them changes. No
other module of the package reads a private attribute or function.
"""

from __future__ import annotations

import contextlib
import html
import io


def builder_class(env):
    """The class of the builder the pages are written for, as a transform sees it.

    A transform has the environment, the configuration and the document, not
    the builder: ``SphinxTransform.app``, ``BuildEnvironment.app`` and
    ``EventManager.app`` are deprecated (to go in Sphinx 11). The public
    ``builders`` and ``formats`` of a post-transform only list the builders
    it runs for, which cannot say "every builder but the website's"; Sphinx's
    own ``SphinxPostTransform.is_supported`` reads ``env._builder_cls``.
    """
    return env._builder_cls


def without_sphinx_search(builder) -> None:
    """The HTML builder writes no ``searchindex.js`` and no search page of its
    own (``sphinx_summit.search`` indexes the site with Pagefind and writes its
    page). Sphinx 9.0 has no setting for it: its HTML builders read the class
    attribute ``search``, which the HTML Help builders set to False."""
    builder.search = False


def opengraph_text(title_html: str, doctree, length: int) -> tuple[str, str]:
    """The title and description (at most ``length`` characters) that
    sphinxext-opengraph gives a page, as text: its per-page fields
    (``og:title``, ``og:description``) replace them, and it writes them into its
    tags escaping only '"' (a title's '<' or '&' goes raw into the HTML; its
    description comes escaped already). It has no setting for that, nor a
    public function that gives them: a page's fields carry these, escaped
    (``sphinx_summit.hosting``)."""
    from sphinxext.opengraph._description_parser import get_description
    from sphinxext.opengraph._title_parser import get_title

    title, title_outside_tags = get_title(title_html)
    return title, html.unescape(get_description(doctree, length, {title, title_outside_tags}))


def without_mermaid_script(context) -> None:
    """Remove sphinxcontrib-mermaid's script from a page without a source document
    (the indices, the search page): it adds its script to every such page, having no
    document to look for a diagram in, and has no setting for it; its script is
    the inline module that imports Mermaid."""
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        scripts[:] = [js for js in scripts if "import mermaid from" not in js.attributes.get("body", "")]


def sitemap_links(app):
    """sphinx-sitemap's list of the pages of its sitemap.xml (None without it): it
    lists only the pages written in this build, and writes a page's name as it
    is (a 'q&a"x' or 'tōkyō' page goes unencoded into its <loc>); it has no
    setting or function for either. It keeps the list as a queue on the
    application (``app.sitemap_links``, made at builder-inited), which
    ``sphinx_summit.incremental`` completes and ``sphinx_summit.hosting``
    percent-encodes before it writes the file (build-finished)."""
    return getattr(app, "sitemap_links", None)


def check_link(builder, uri: str, docname: str, path, line: int) -> None:
    """Have Sphinx's linkcheck builder check ``uri``, found at ``path``, ``line``
    (a link of ``docname``). It checks the links of the pages it reads, collected
    by a post-transform into its ``hyperlinks``; the project index's links come
    from the catalogue, which is no page, and it has no event or setting to add
    a link with the file and line it is written at."""
    from sphinx.builders.linkcheck import Hyperlink

    if uri not in builder.hyperlinks:
        builder.hyperlinks[uri] = Hyperlink(uri, docname, path, line)


def set_latex_date(builder, date: str) -> None:
    """The LaTeX markup under the title of the book (``\\date``). Sphinx sets it
    from ``today`` (or ``today_fmt``) alone, as plain text after ``latex_elements``
    are applied, and ``today`` is also ``|today|`` in every page; the template
    reads the builder's ``context["date"]``."""
    builder.context["date"] = date


def set_epub_contents(builder, refnodes: list[dict]) -> None:
    """The EPUB's contents (its navigation document and NCX), as the EPUB builder's
    ``refnodes``: it makes them from each page's sections in ``get_toc``, with no
    setting or event for nesting the pages as their toctrees do."""
    builder.refnodes = refnodes


def sphinx_design_static():
    """The folder sphinx-design adds to ``html_static_path`` (its CSS and JavaScript).

    Not Sphinx's, sphinx-design's: 0.8 adds it when the builder starts
    (builder-inited), after Sphinx has compared the configuration with the one
    the last build kept, which holds it; so every build said "The configuration
    has changed (html_static_path)". ``quiet`` adds it before the comparison;
    sphinx-design names the folder only in its module constant ``STATIC_DIR``.
    """
    from sphinx_design.extension import STATIC_DIR

    return STATIC_DIR


def setup_opengraph(app) -> None:
    """Load sphinxext-opengraph without the line it prints when it is imported on a
    machine without matplotlib ("matplotlib is not installed, social cards will not
    be generated"): 0.13 prints it to standard output on every build, social cards
    off or not (``ogp_social_cards``), and has no setting for it; the site draws its
    own pictures (``sphinx_summit.previews``) and installs no matplotlib."""
    with contextlib.redirect_stdout(io.StringIO()):
        import sphinxext.opengraph  # noqa: F401  (the import prints)
    app.setup_extension("sphinxext.opengraph")
