"""Diagrams as pictures in the PDF and EPUB editions.

A book has no browser: each diagram is a picture drawn when the book is built
(``drawing.py``: the same renderer and cache as the website), a PDF (vector)
for LaTeX, an SVG for EPUB, in the light scheme (what prints), with labels on
an opaque background. The caption stays, and the diagram's description
(``accTitle``, ``accDescr``) is the image's alt text and the figure's legend.
Without Node.js or a browser: one warning, and each diagram is its text
description (``DiagramAsText``), as in any other non-HTML output.
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinxcontrib.mermaid import mermaid

from .. import order
from ..builders import is_website
from ..internals import builder_class
from .drawing import accessible_text, mermaid_config
from .state import mermaid_state

logger = logging.getLogger(__name__)

FORMATS = {"latex": "pdf", "epub": "svg"}  # builder name -> picture format
# For print, a label on a line has an opaque background (Mermaid's is grey at
# 40 %, so the line strikes the word through), and a message's text a white
# outline where a line passes under it.
PRINT_CSS = (" .edgeLabel rect { opacity: 1; fill: #ffffff; }"
             " .edgeLabel .label rect.background { opacity: 1; fill: #ffffff; }"
             " .messageText, .loopText { paint-order: stroke; stroke: #ffffff; stroke-width: 4px;"
             " stroke-linejoin: round; }")


def picture_format(builder) -> str | None:
    return FORMATS.get(builder.name)


def print_variants(config, fmt: str) -> dict[str, tuple[dict, str]]:
    """The one picture a book has of a diagram: light, labels on white."""
    settings = mermaid_config(config, "light")
    settings["themeCSS"] = settings.get("themeCSS", "") + PRINT_CSS
    return {"print": (settings, fmt)}


def picture_uri(env, picture: Path) -> str:
    return Path(os.path.relpath(picture, env.srcdir)).as_posix()


def register_pictures(env, files: dict[tuple[str, str], Path]) -> None:
    """The pictures are images of their pages: the builder copies them."""
    for docname, diagrams in mermaid_state(env).diagrams.items():
        for code, _line in diagrams:
            if picture := files.get((code, "print")):
                env.images.add_file(docname, picture_uri(env, picture))


class DiagramAsPicture(SphinxPostTransform):
    """A diagram becomes its picture, with its description as alt text and legend."""

    default_priority = order.DIAGRAM_AS_PICTURE

    def is_supported(self) -> bool:
        return not is_website(builder_class(self.env))

    def run(self, **kwargs) -> None:
        drawn = mermaid_state(self.env).drawn
        for diagram in list(self.document.findall(mermaid)):
            picture = drawn and drawn.files.get((diagram["code"], "print"))
            if picture is None:
                continue
            uri = picture_uri(self.env, picture)
            text = description(diagram)
            image = nodes.image(uri=uri, candidates={"*": uri}, alt=text or "diagram",
                                classes=["diagram-picture"])
            image.source, image.line = diagram.source, diagram.line  # (warnings on its size)
            diagram.replace_self(image)
            figure = image.parent
            if text and isinstance(figure, nodes.figure):
                figure += nodes.legend("", nodes.paragraph("", text, classes=["diagram-description"]))


class DiagramAsText(SphinxPostTransform):
    """Outside the website, a diagram without a picture becomes its title and description."""

    default_priority = order.DIAGRAM_AS_TEXT

    def is_supported(self) -> bool:
        return not is_website(builder_class(self.env))

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(mermaid)):
            text = description(node) or node.get("alt") or "see the HTML version of this page"
            node.replace_self(nodes.paragraph("", f"Diagram: {text}.", classes=["diagram-description"]))


def description(diagram: mermaid) -> str:
    """The diagram's accTitle and accDescr, as one text."""
    parts = accessible_text(diagram.get("code", ""))
    return ". ".join(p.rstrip(".") for p in (parts["title"], parts["description"]) if p)
