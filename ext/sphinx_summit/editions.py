"""The notes to take away: the PDF (LaTeX) and EPUB editions.

What a page needs to read well on paper and in an e-book reader, where
nothing is interactive:

* tab sets (the five CephFS–Manila models, ...) become consecutive sections:
  each tab's label a heading (a rubric), its content below it;
* the website's own files stay out of the e-book: moved-page redirects,
  ``robots.txt``, the sitemap, ``sessions.json`` (``is_website``);
* what only the website needs (the home page's list of summits and links to
  the indices, which the book's contents and indices replace) is marked
  ``{.website-only}`` and left out;
* a page's sub-pages follow its own sections instead of nesting in its last
  one: a summit is a part of the book, its landing page's sections and its
  days are chapters, the sessions sections;
* in LaTeX, the anchors of containers (a session card's id, which
  ``{session}`` links to) become labels, so references get their page.

The diagrams become pictures in ``sphinx_summit.mermaid`` (``pictures.py``);
the LaTeX settings (engine, fonts, parts) are in ``conf.py``.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_design.shared import is_component

from . import __version__


def is_website(builder) -> bool:
    """An HTML build of the site (html, dirhtml, singlehtml), not an e-book
    (``builder``: a builder or its class)."""
    return builder.format == "html" and not getattr(builder, "embedded", False)


class TabsAsSections(SphinxPostTransform):
    """Outside the website, each tab of a tab set is a heading and its content."""

    default_priority = 190  # before sphinx-design's HTML tabs (200)

    def is_supported(self) -> bool:
        return not is_website(self.env._builder_cls)

    def run(self, **kwargs) -> None:
        for tab_set in list(self.document.findall(nodes.container)):
            if not is_component(tab_set, "tab-set"):
                continue
            flat = []
            for item in tab_set.children:
                if not is_component(item, "tab-item"):
                    flat.append(item)
                    continue
                label, *content = item.children
                heading = nodes.rubric("", "", *label.children, classes=["tab-heading"])
                heading["ids"] = label["ids"]
                flat.append(heading)
                for part in content:  # the tab-content container's children
                    flat.extend(part.children if is_component(part, "tab-content") else [part])
            tab_set.replace_self(flat)


class WebsiteOnly(SphinxPostTransform):
    """Outside the website, what is marked ``{.website-only}`` is left out."""

    default_priority = 180  # after SubPagesAfterSections, which moves the book's pages out

    def is_supported(self) -> bool:
        return not is_website(self.env._builder_cls)

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.Element)):
            if "website-only" in node["classes"] and node.parent is not None:
                node.parent.remove(node)


class SubPagesAfterSections(SphinxPostTransform):
    """In the book (one document of all pages), a page's toctree at the end of
    its last section would make its sub-pages subsections of that section:
    they are moved to follow the page's own sections instead."""

    default_priority = 170
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for page in list(self.document.findall(addnodes.start_of_file)):
            section = page.parent
            while section is not None and not isinstance(section, nodes.section):
                section = section.parent
            top = section
            while top is not None and isinstance(top.parent, nodes.section):
                top = top.parent
            if section is not None and section is not top:
                page.parent.remove(page)
                top.append(page)


class ContainerAnchorsInLatex(SphinxPostTransform):
    """LaTeX writes no label for a container's ids: a target before it carries them."""

    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for container in list(self.document.findall(nodes.container)):
            if container["ids"]:
                target = nodes.target("", "", ids=container["ids"])
                container["ids"] = []
                container.parent.insert(container.parent.index(container), target)


def no_redirects_in_books(app: Sphinx) -> None:
    """Moved-page redirects (sphinx-reredirects) are addresses of the website."""
    if not is_website(app.builder) and "redirects" in app.config:
        app.config.redirects = {}


def setup(app: Sphinx) -> dict:
    app.add_post_transform(TabsAsSections)
    app.add_post_transform(WebsiteOnly)
    app.add_post_transform(SubPagesAfterSections)
    app.add_post_transform(ContainerAnchorsInLatex)
    app.connect("builder-inited", no_redirects_in_books)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
