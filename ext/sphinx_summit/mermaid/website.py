"""Diagrams in the website's pages: inline SVG, drawn when the site is built.

Each diagram is in the page twice, drawn in the light and in the dark
colour scheme; ``diagrams.css`` shows the one of the page's scheme (furo's
switch, else ``prefers-color-scheme``), so nothing is drawn in the reader's
browser and no Mermaid is loaded. Labels are SVG text: a reader can select and
copy them, and a page without JavaScript shows them. A search engine skips
SVG, so the diagram's accessible title and description and its labels are
also in the page as hidden text, each its own paragraph (``search_text``): a
search finds them with the page, and a snippet never runs two labels together.

A drawing is as wide as Mermaid drew it, at most its column's width, and
shrinks with a narrow column only until its smallest text is
``mermaid_min_text`` CSS px; beyond that it scrolls in its own box. A chart
(``xychart-beta``) has its values as a table under it (``values.py``), so it
shrinks to any column: a phone shows the whole chart, and its values in text.
"""

from __future__ import annotations

import json
from collections import Counter
from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinxcontrib.mermaid import mermaid

from .. import order
from ..builders import is_website
from ..internals import builder_class
from ..rewrite import pages_to_rewrite
from .drawing import SCHEMES, accessible_text, draw, drawings, mermaid_config
from .pictures import picture_format, print_variants, register_pictures
from .state import Drawn, mermaid_state
from .values import values_table

logger = logging.getLogger(__name__)


def website_variants(config) -> dict[str, tuple[dict, str]]:
    return {scheme: (mermaid_config(config, scheme), "html") for scheme in SCHEMES}


def draw_diagrams(app: Sphinx, env) -> list[str]:
    """Before the pages are written: every drawing the builder needs, drawn
    or taken from the cache."""
    mermaid_state(env).drawn = drawn = Drawn()
    if is_website(app.builder):
        wanted = drawings(app, env, website_variants(app.config), app.config.mermaid_min_text)
    elif picture_format(app.builder):
        wanted = drawings(app, env, print_variants(app.config, picture_format(app.builder)))
    else:
        return []
    if not wanted:
        return []
    drawn.unavailable = draw(app, wanted)
    drawn.files = {key: d.output for key, d in wanted.items() if d.output.exists()}
    rewrite = pages_drawn_anew(app, wanted, drawn)
    if not is_website(app.builder):
        register_pictures(env, drawn.files)
        if drawn.unavailable:
            logger.warning("%d diagrams cannot be drawn as pictures: %s; each diagram's text "
                           "description stands in for it in this edition",
                           len({code for code, _ in wanted}), drawn.unavailable,
                           type="mermaid", subtype="pictures")
    elif drawn.unavailable:
        say_fallback(app, drawn.unavailable)
    return rewrite


def pages_drawn_anew(app: Sphinx, wanted: dict, drawn: Drawn) -> list[str]:
    """The pages whose drawings differ from those they were last written with
    (the renderer, Mermaid or the colours changed): they are written again."""
    pages: dict[str, list] = {}
    for drawing in wanted.values():
        for docname, _line in drawing.places:
            pages.setdefault(docname, [drawn.unavailable is None]).append(
                drawing.output.name if drawing.output.exists() else None)
    return pages_to_rewrite(app, "diagrams", lambda: pages, only_pages=False)


def say_fallback(app: Sphinx, why: str) -> None:
    message = (f"diagrams cannot be drawn when the site is built: {why}; the pages draw them "
               "in the reader's browser with Mermaid instead")
    if app.config.mermaid_drawing_required:
        logger.warning(message + " (mermaid_drawing_required is set: CI and Read the Docs "
                       "must draw them)", type="mermaid", subtype="drawing")
    else:
        logger.info(message)


class drawn_diagram(nodes.General, nodes.Element):
    """A diagram drawn when the site was built: its two SVGs and its words for
    search (``html``) and, as its text, its labels. The page gets ``html``."""


def visit_drawn_diagram(self, node: drawn_diagram) -> None:
    self.body.append(node["html"])
    raise nodes.SkipNode


class DiagramAsInlineSVG(SphinxPostTransform):
    """A diagram becomes its two drawings, inline. A diagram Mermaid could not
    draw (a warning says why) shows its code."""

    default_priority = order.DIAGRAM_AS_INLINE_SVG

    def is_supported(self) -> bool:
        return is_website(builder_class(self.env))

    def run(self, **kwargs) -> None:
        drawn = mermaid_state(self.env).drawn
        if drawn is None or drawn.unavailable:
            return  # (drawn in the reader's browser)
        on_page: Counter[str] = Counter()
        weight, limit = 0, self.config.mermaid_page_weight
        if builder_class(self.env).name == "singlehtml":
            limit = float("inf")  # (its one page is the whole site, by design)
        for diagram in list(self.document.findall(mermaid)):
            files = [drawn.files.get((diagram["code"], scheme)) for scheme in SCHEMES]
            if None in files:
                code = nodes.literal_block(diagram["code"], diagram["code"], classes=["diagram-source"])
                diagram.replace_self(code)
                continue
            drawings = [json.loads(path.read_text(encoding="utf-8")) for path in files]
            svgs = []
            for drawing in drawings:
                svg, svg_id = drawing["svg"], drawing["id"]  # (every id in the drawing starts with it)
                on_page[svg_id] += 1
                if on_page[svg_id] > 1:  # the same diagram again: ids of its own
                    svg = svg.replace(svg_id, f"{svg_id}-{on_page[svg_id]}")
                svgs.append(svg)
            values = values_table(diagram["code"])
            classes = ["mermaid", "diagram-drawn", *(["diagram-charted"] if values else [])]
            if "align" in diagram:
                classes.append(f"align-{diagram['align']}")
            ids = f' id="{escape(diagram["ids"][0])}"' if len(diagram.get("ids", ())) == 1 else ""
            text = search_text(diagram["code"], drawings[0]["words"])
            html = f'<div{ids} class="{escape(" ".join(classes))}">{"".join(svgs)}{text}</div>{values}\n'
            size = len(html.encode())
            if weight <= limit < weight + size:  # (said once, at the diagram that tips the page over)
                logger.warning(f"the page's drawings weigh {mb(weight + size)} with this diagram ({mb(size)}, "
                               f"drawn for light and dark pages), more than the {mb(limit)} a page should "
                               f"(mermaid_page_weight): split it into smaller diagrams, or give it a page "
                               f"of its own", location=diagram, type="mermaid", subtype="weight")
            weight += size
            diagram.replace_self(drawn_diagram("", nodes.Text(drawings[0]["words"]), html=html))


def mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.0f} KB"


def search_text(code: str, labels: str) -> str:
    """The diagram's words for a search engine, hidden from readers (who have
    the drawing, and its title and description through its ARIA attributes)."""
    lines = [*accessible_text(code).values(), *labels.splitlines()]
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines if line.strip())
    return f'<div class="diagram-words" hidden>{paragraphs}</div>' if paragraphs else ""


def has_drawings(doctree: nodes.document) -> bool:
    return doctree.next_node(drawn_diagram) is not None
