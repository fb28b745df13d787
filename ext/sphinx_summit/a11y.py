"""Accessibility fixes for what Sphinx writes.

Sphinx renders toctree captions as ``<p class="caption" role="heading">``;
ARIA requires a heading role to carry ``aria-level`` (axe: aria-required-attr,
critical). Captions head the navigation lists, so they are level 2.

A code block scrolls sideways when its lines are longer than the page is
wide; a keyboard must reach it to scroll it (axe: scrollable-region-focusable,
serious), so its ``<pre>`` is in the tab order.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from . import __version__


class A11yHTML5Translator(HTML5Translator):
    def visit_title(self, node) -> None:
        super().visit_title(node)
        for i in range(len(self.body) - 1, max(len(self.body) - 3, -1), -1):
            if 'role="heading"' in self.body[i] and "aria-level" not in self.body[i]:
                self.body[i] = self.body[i].replace('role="heading"', 'role="heading" aria-level="2"')
                break

    def starttag(self, node, tagname, suffix="\n", empty=False, **attributes) -> str:
        if tagname == "label" and "for" in attributes:
            attributes.pop("aria-controls", None)
        return super().starttag(node, tagname, suffix, empty, **attributes)

    def visit_literal_block(self, node) -> None:
        start = len(self.body)
        try:
            super().visit_literal_block(node)
        finally:  # (Sphinx's raises SkipNode once the highlighted block is written)
            for i in range(start, len(self.body)):
                if "<pre" in self.body[i]:
                    self.body[i] = self.body[i].replace("<pre", '<pre tabindex="0"', 1)
                    break


def setup(app: Sphinx) -> dict:
    for builder in ("html", "dirhtml", "singlehtml"):
        app.set_translator(builder, A11yHTML5Translator)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
