"""Mermaid diagrams, drawn when the site is built.

* Every diagram is drawn by ``drawing.py`` (one browser page, the pinned
  Mermaid, a cache by content hash) before the pages are written: inline SVG
  in both colour schemes on the website (``website.py``), a picture in the PDF
  and EPUB (``pictures.py``). No page loads Mermaid.
* A diagram's ``%%{init}%%`` (or front matter) that would loosen Mermaid's
  security or turn HTML labels on is removed, with a warning at its line;
  a diagram Mermaid cannot parse is a warning at its line.
* The colours are WCAG-checked per scheme (``palettes.py``), the package's
  defaults; ``mermaid_theme_variables`` in conf.py overrides them.
* ``diagrams.js`` (on pages with a diagram): a toolbar row above each diagram
  with the full-screen control, a cue on a diagram that scrolls in its box,
  and a full-screen viewer that zooms (buttons, keys, Ctrl+wheel, pinch) and
  pans. It replaces sphinxcontrib-mermaid's full-screen button
  (``mermaid_fullscreen`` is turned off).
* Where no browser can draw them (no Node.js, no ``npm ci``, no Chromium),
  the build says so once and the pages draw the diagrams in the reader's
  browser, with Mermaid served from the site (``mermaid_use_local``, the npm
  package pinned in ``package.json``), else from its CDN. With
  ``mermaid_drawing_required`` (set when CI or Read the Docs builds) that is
  a warning.
* Every diagram is marked as the editors' drawing: its caption starts with
  "Drawn from the notes" (``sphinx_summit.editing``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinxcontrib.mermaid import mermaid

from .. import __version__, internals, order
from ..editing import DIAGRAM_MARK, mark
from ..builders import is_website
from ..i18n import _
from .drawing import merge_records, purge_records, record_diagrams
from .palettes import THEME_VARIABLES
from .pictures import DiagramAsPicture, DiagramAsText
from .state import init_state, mermaid_state
from .website import DiagramAsInlineSVG, draw_diagrams, drawn_diagram, has_drawings, visit_drawn_diagram

logger = logging.getLogger(__name__)

ENTRY = "mermaid.esm.min.mjs"  # the ES-module build, with its chunks beside it
CHUNKS = Path("chunks", "mermaid.esm.min")
TARGET = Path("_static", "vendor", "mermaid")


def dist_dir(app: Sphinx) -> Path:
    return Path(app.confdir, app.config.mermaid_npm_package, "dist")


def pinned_version(app: Sphinx) -> str | None:
    package = Path(app.confdir, "package.json")
    if package.exists():
        return json.loads(package.read_text())["dependencies"].get("mermaid")
    return None


def configure(app: Sphinx, config) -> None:
    """Local Mermaid when the npm package is there, else the pinned CDN version."""
    config.html_static_path = [*config.html_static_path, str(Path(__file__).parent / "static")]
    config.mermaid_fullscreen = False  # diagrams.js draws the control and the viewer
    if (dist_dir(app) / ENTRY).exists():
        config.mermaid_use_local = f"vendor/mermaid/{ENTRY}"
    elif version := pinned_version(app):
        config.mermaid_version = version


def warn_without_npm_package(app: Sphinx) -> None:
    if not is_website(app.builder):
        return
    if not app.config.mermaid_use_local:
        logger.warning(
            "Mermaid is not installed in %s (run `npm ci`; `make html` does it when npm "
            "is there): diagrams will load Mermaid %s from the jsDelivr CDN",
            app.config.mermaid_npm_package, app.config.mermaid_version,
            type="mermaid", subtype="cdn")


def copy_mermaid(app: Sphinx, exception) -> None:
    """Copy the ES module and its chunks into the output, where the pages look."""
    if exception or not is_website(app.builder) or not app.config.mermaid_use_local:
        return
    drawn = mermaid_state(app.env).drawn
    if drawn is None or not drawn.unavailable:
        return  # (drawn when the site was built: no page loads Mermaid)
    source, target = dist_dir(app), Path(app.outdir, TARGET)
    files = [Path(ENTRY)] + [p.relative_to(source) for p in (source / CHUNKS).iterdir()]
    for name in files:
        src, dst = source / name, target / name
        if dst.exists() and dst.stat().st_size == src.stat().st_size \
                and dst.stat().st_mtime >= src.stat().st_mtime:
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)


def mermaid_url(app: Sphinx, context) -> str:
    """Where sphinxcontrib-mermaid's script imports Mermaid from, by its settings:
    ``mermaid_use_local`` (a path below ``_static``, as a module specifier relative
    to the page), else the ES-module build of ``mermaid_version`` on jsDelivr."""
    local = app.config.mermaid_use_local
    if local.startswith(("http://", "https://", "//", "/")):
        return local
    if local:
        url = context["pathto"]("_static/" + local, resource=True)
        return url if url.startswith(("./", "../")) else "./" + url
    version = app.config.mermaid_version
    return f"https://cdn.jsdelivr.net/npm/mermaid{'' if version == 'latest' else '@' + version}/dist/{ENTRY}"


def theme_script(app: Sphinx, context) -> str | None:
    """A module, run just before sphinxcontrib-mermaid's, that gives Mermaid the
    ``themeVariables`` of the page's colour scheme.

    sphinxcontrib-mermaid calls ``mermaid.initialize`` with one configuration
    for both schemes plus ``darkMode`` and the theme's name, at load and again
    when the reader switches scheme. Wrapping ``initialize`` of the same module
    (same URL, so the same instance) adds the variables of that scheme.
    """
    variables = app.config.mermaid_theme_variables
    if not variables:
        return None
    schemes = json.dumps({"light": variables.get("light", {}), "dark": variables.get("dark", {})})
    schemes = schemes.replace("<", "\\u003c")  # (inside a <script>)
    return (f"import mermaid from {json.dumps(mermaid_url(app, context))};\n"
            f"const schemes = {schemes};\n"
            "const initialize = mermaid.initialize;\n"
            "mermaid.initialize = (config = {}) => initialize({...config, themeVariables: {\n"
            "    ...config.themeVariables, ...schemes[config.darkMode ? 'dark' : 'light']}});\n")


def viewer_words(app: Sphinx) -> dict[str, str]:
    """What diagrams.js shows and says, translated, as data-* attributes of its tag."""
    label = app.config.mermaid_fullscreen_button
    if label in ("", "⛶"):  # sphinxcontrib-mermaid's glyph: an empty box in many fonts
        label = _("Full screen")
    words = {
        "fullscreen": label,
        "diagram": _("Diagram: %s"),
        "scroll-hint": _("Scroll sideways for the rest"),
        "zoom-in": _("Zoom in"),
        "zoom-out": _("Zoom out"),
        "zoom": _("Zoom"),
        "zoom-level": _("Zoom level"),
        "fit": _("Fit"),
        "fit-label": _("Fit to the screen"),
        "close": _("Close"),
        "close-label": _("Close full screen"),
    }
    return {f"data-{key}": str(value) for key, value in words.items()}


def page_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """The viewer on pages with diagrams, and, on pages whose diagrams the
    reader's browser draws, their colours; no Mermaid on pages without."""
    if doctree is not None:
        # (the configuration first: looking for a diagram walks the whole page)
        in_browser = app.config.mermaid_output_format == "raw" and doctree.next_node(mermaid) is not None
        if in_browser and (body := theme_script(app, context)):
            app.add_js_file(None, body=body, type="module", priority=app.config.mermaid_js_priority - 1)
        if in_browser or has_drawings(doctree):
            app.add_js_file("diagrams.js", loading_method="defer", **viewer_words(app))
            app.add_css_file("diagrams.css")
        return  # sphinxcontrib-mermaid itself checks pages with a document
    internals.without_mermaid_script(context)


# Mermaid's configuration inside a diagram: %%{init: ...}%% or YAML front matter
INIT = re.compile(r"^[ \t]*%%\{.*?\}%%[ \t]*\n?|\A\s*---\n.*?\n---[ \t]*\n", re.S | re.M)
LOOSENING = re.compile(r"securityLevel|htmlLabels|secure|dompurifyConfig")


def without_loosening(diagram: mermaid) -> None:
    """A diagram's own configuration may not loosen security or turn HTML
    labels on: such a block is removed, with a warning at the diagram."""
    code = diagram["code"]
    for block in INIT.findall(code):
        if found := LOOSENING.search(block):
            logger.warning("this diagram's configuration sets '%s', which could let its labels "
                           "become markup in the page; that configuration is ignored",
                           found.group(0), location=diagram, type="mermaid", subtype="security")
            code = code.replace(block, "")
    diagram["code"] = code


class DiagramsDrawnFromTheNotes(SphinxTransform):
    """Each diagram's caption starts with the mark "Drawn from the notes"; a
    diagram without a caption gets one with the mark alone. (And a diagram's
    own configuration may not loosen its security.)"""

    default_priority = order.DIAGRAM_FIGURES

    def apply(self, **kwargs) -> None:
        for diagram in list(self.document.findall(mermaid)):
            diagram.line = diagram.line or self.line_of(diagram)
            diagram.source = diagram.source or self.document["source"]
            without_loosening(diagram)
            figure = diagram.parent
            if not isinstance(figure, nodes.figure):
                figure = nodes.figure("", classes=["diagram-figure"])
                if "align" in diagram:
                    figure["align"] = diagram.attributes.pop("align")
                figure.source, figure.line = diagram.source, diagram.line
                diagram.replace_self(figure)
                figure += [diagram, nodes.caption()]
                self.document.set_id(figure)  # (a caption's permalink needs one)
            caption = figure.next_node(nodes.caption)
            if caption is None:
                caption = nodes.caption()
                figure += caption
            if len(caption):
                caption.insert(0, nodes.Text(": "))
            caption.insert(0, mark(DIAGRAM_MARK, "diagram"))

    def line_of(self, diagram: mermaid) -> int | None:
        """The line of the diagram's directive (sphinxcontrib-mermaid gives none):
        its caption's, or where its code starts in the page."""
        caption = diagram.parent.next_node(nodes.caption) if isinstance(diagram.parent, nodes.figure) else None
        if caption is not None and caption.line:
            return caption.line
        first = next((line for line in diagram["code"].splitlines() if line.strip()), None)
        try:
            lines = Path(self.document["source"]).read_text(encoding="utf-8").splitlines()
        except (OSError, KeyError):
            return None
        return next((n for n, line in enumerate(lines, 1) if first and line.strip() == first.strip()), None)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_config_value("mermaid_npm_package", "node_modules/mermaid", "html", str)
    # {"light": {themeVariables}, "dark": {themeVariables}}
    app.add_config_value("mermaid_theme_variables", THEME_VARIABLES, "html", dict)
    # CSS px: a drawing shrinks to its column only while its smallest text stays this size
    app.add_config_value("mermaid_min_text", 11.0, "html", (int, float))
    # bytes: the drawings of a page heavier than this are a warning at the diagram (website.py)
    app.add_config_value("mermaid_page_weight", 1_000_000, "html", int)
    # a warning, not a note, when the diagrams cannot be drawn while the site is built
    app.add_config_value("mermaid_drawing_required", bool(os.environ.get("CI") or os.environ.get("READTHEDOCS")),
                         "env", bool)
    app.add_node(drawn_diagram, html=(visit_drawn_diagram, None))
    app.add_transform(DiagramsDrawnFromTheNotes)
    app.add_post_transform(DiagramAsInlineSVG)
    app.add_post_transform(DiagramAsPicture)
    app.add_post_transform(DiagramAsText)
    app.connect("builder-inited", init_state)
    app.connect("doctree-read", record_diagrams)
    app.connect("env-purge-doc", purge_records)
    app.connect("env-merge-info", merge_records)
    app.connect("env-updated", draw_diagrams)
    app.connect("config-inited", configure, priority=order.MERMAID_SETTINGS)
    app.connect("builder-inited", warn_without_npm_package)
    app.connect("build-finished", copy_mermaid)
    app.connect("html-page-context", page_scripts, priority=order.MERMAID_PAGE_SCRIPTS)
    return {"version": __version__, "env_version": 3,  # 3: diagrams without a loosening configuration
            "parallel_read_safe": True, "parallel_write_safe": True}
