"""Serve Mermaid from the site itself, never from a CDN.

sphinxcontrib-mermaid renders diagrams in the reader's browser with the
Mermaid ES module. This extension:

* points ``mermaid_use_local`` at a copy of the npm package pinned in
  ``package.json`` (``node_modules/mermaid``), copied into the HTML output;
* without that package (no Node.js), falls back to the same version on the
  CDN, with one warning that says how to install it;
* keeps the Mermaid script off pages that have no diagram (sphinxcontrib-mermaid
  adds it to every page without a source document: indices, search);
* gives text, LaTeX and other non-HTML output the diagram's text description
  (its ``accTitle``/``accDescr``) instead of an image only a browser can draw.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinxcontrib.mermaid import mermaid

from .. import __version__

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
    config.html_static_path.append(str(Path(__file__).parent / "static"))
    if (dist_dir(app) / ENTRY).exists():
        config.mermaid_use_local = f"vendor/mermaid/{ENTRY}"
    elif version := pinned_version(app):
        config.mermaid_version = version


def add_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    app.add_css_file("diagrams.css")
    if not app.config.mermaid_use_local:
        logger.warning(
            "Mermaid is not installed in %s (run `npm ci`; `make html` does it when npm "
            "is there): diagrams will load Mermaid %s from the jsDelivr CDN",
            app.config.mermaid_npm_package, app.config.mermaid_version,
            type="mermaid", subtype="cdn")


def copy_mermaid(app: Sphinx, exception) -> None:
    """Copy the ES module and its chunks into the output, where the pages look."""
    if exception or app.builder.format != "html" or not app.config.mermaid_use_local:
        return
    source, target = dist_dir(app), Path(app.outdir, TARGET)
    files = [Path(ENTRY)] + [p.relative_to(source) for p in (source / CHUNKS).iterdir()]
    for name in files:
        src, dst = source / name, target / name
        if dst.exists() and dst.stat().st_size == src.stat().st_size \
                and dst.stat().st_mtime >= src.stat().st_mtime:
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)


def page_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Diagram sizing on pages with diagrams; no Mermaid on pages without."""
    if doctree is not None:
        if doctree.next_node(mermaid) is not None:
            app.add_js_file("diagram-size.js")
        return  # sphinxcontrib-mermaid itself checks pages with a document
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        scripts[:] = [js for js in scripts
                      if "import mermaid from" not in js.attributes.get("body", "")]


ACC = re.compile(r"^\s*(accTitle|accDescr)\s*:\s*(.+)$", re.M)


class DiagramAsText(SphinxPostTransform):
    """Outside HTML, a diagram becomes its title and description."""

    default_priority = 200

    def is_supported(self) -> bool:
        return self.env._builder_cls.format != "html"

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(mermaid)):
            parts = dict(ACC.findall(node.get("code", "")))
            text = ". ".join(p.rstrip(".") for p in (parts.get("accTitle"), parts.get("accDescr")) if p)
            para = nodes.paragraph("", "", classes=["diagram-description"])
            text = text or node.get("alt") or "see the HTML version of this page"
            para += nodes.Text(f"Diagram: {text}.")
            node.replace_self(para)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_config_value("mermaid_npm_package", "node_modules/mermaid", "html", str)
    app.add_post_transform(DiagramAsText)
    app.connect("config-inited", configure, priority=900)
    app.connect("builder-inited", add_assets)
    app.connect("build-finished", copy_mermaid)
    # after sphinxcontrib-mermaid's own handler (priority 500)
    app.connect("html-page-context", page_scripts, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
