"""Diagrams as pictures in the PDF and EPUB editions.

On the website, Mermaid draws each diagram in the reader's browser. A book has
no browser, so mermaid-cli (pinned in ``package.json``) draws each diagram
once, with the same pinned Mermaid, in headless Chromium: a PDF (vector) for
LaTeX, an SVG for EPUB, in the light theme (what prints).

* The pages' diagrams are recorded as the pages are read
  (``env.mermaid_diagrams``: page -> [(code, line)]).
* Before the pages are written (``env-updated``), the diagrams the book needs
  and the cache lacks are drawn in one run of ``render.mjs``: one browser
  for all of them. The cache is ``<doctreedir>/mermaid-pictures``: one file
  per content hash (code, Mermaid configuration, Mermaid and mermaid-cli
  versions, format), reused while unchanged.
* Each diagram becomes an image in its figure: the caption stays, and the
  diagram's description (``accTitle``, ``accDescr``) is the image's alt text
  and the figure's legend.
* Without Node.js, mermaid-cli or a browser: one warning, and each diagram is
  its text description (``DiagramAsText``), as in any other non-HTML output.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinxcontrib.mermaid import mermaid

from ..editions import PRINT_CSS, is_website

logger = logging.getLogger(__name__)

FORMATS = {"latex": "pdf", "epub": "svg"}  # builder name -> picture format
RENDERER = Path(__file__).with_name("render.mjs")
SECONDS_PER_DIAGRAM = 60  # (a cold browser takes a few seconds for the first)
CJK_FONTS = '"trebuchet ms", verdana, arial, "Noto Sans CJK JP", sans-serif'
ACC = re.compile(r"^\s*(accTitle|accDescr)\s*:\s*(.+)$", re.M)


def picture_format(builder) -> str | None:
    return FORMATS.get(builder.name)


# -- Recording the diagrams of each page ---------------------------------------

def record_diagrams(app: Sphinx, doctree: nodes.document) -> None:
    app.env.mermaid_diagrams[app.env.docname] = [
        (node["code"], node.line)
        for node in doctree.findall(mermaid)]


def init_records(app: Sphinx, env, docnames) -> None:
    if not hasattr(env, "mermaid_diagrams"):
        env.mermaid_diagrams = {}


def purge_records(app: Sphinx, env, docname: str) -> None:
    env.mermaid_diagrams.pop(docname, None)


def merge_records(app: Sphinx, env, docnames, other) -> None:
    for docname in docnames:
        if docname in other.mermaid_diagrams:
            env.mermaid_diagrams[docname] = other.mermaid_diagrams[docname]


# -- Drawing them ----------------------------------------------------------------

def print_config(config) -> dict:
    """Mermaid's configuration for pictures: the site's, in its light theme, with
    text as SVG text (HTML labels are lost in EPUB readers) and a CJK font."""
    settings = {k: v for k, v in copy.deepcopy(config.mermaid_init_config).items() if k != "startOnLoad"}
    settings["theme"] = config.mermaid_light_theme or "default"
    settings["themeVariables"] = {**config.mermaid_theme_variables.get("light", {}), "fontFamily": CJK_FONTS}
    settings["fontFamily"] = CJK_FONTS
    settings["htmlLabels"] = False
    settings["flowchart"] = {**settings.get("flowchart", {}), "htmlLabels": False}
    settings["themeCSS"] = settings.get("themeCSS", "") + PRINT_CSS
    return settings


def package_version(confdir: str, package: Path) -> str | None:
    try:
        return json.loads(Path(confdir, package, "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def draw_pictures(app: Sphinx, env) -> list[str]:
    """Draw what the cache lacks, then point every diagram at its picture."""
    env.mermaid_pictures = {}
    fmt = picture_format(app.builder)
    if fmt is None or not any(env.mermaid_diagrams.values()):
        return []
    config = print_config(app.config)
    versions = [package_version(app.confdir, Path(app.config.mermaid_npm_package)),
                package_version(app.confdir, Path(app.config.mermaid_cli_package))]
    cache = Path(app.doctreedir, "mermaid-pictures")
    wanted: dict[str, tuple[Path, str, int | None]] = {}  # code -> (picture, docname, line)
    for docname, diagrams in sorted(env.mermaid_diagrams.items()):
        for code, line in diagrams:
            key = json.dumps([versions, fmt, config, code], sort_keys=True)
            picture = cache / f"{hashlib.sha256(key.encode()).hexdigest()[:20]}.{fmt}"
            wanted.setdefault(code, (picture, docname, line))
    missing = {code: place for code, place in wanted.items() if not place[0].exists()}
    if missing:
        cache.mkdir(parents=True, exist_ok=True)
        draw(app, missing, fmt, config, None in versions)
    for docname, diagrams in env.mermaid_diagrams.items():
        for code, _line in diagrams:
            picture = wanted[code][0]
            if picture.exists():
                uri = Path(os.path.relpath(picture, app.srcdir)).as_posix()
                env.images.add_file(docname, uri)
                env.mermaid_pictures[code] = uri
    return []


def draw(app: Sphinx, missing: dict[str, tuple[Path, str, int | None]], fmt: str, config: dict,
         not_installed: bool) -> None:
    """One run of render.mjs for every missing picture; problems as warnings."""
    fallback = "its text description stands in for it in this edition"
    node = shutil.which("node")
    cli_package = Path(app.confdir, app.config.mermaid_cli_package)
    if node is None or not_installed:
        why = "Node.js is not installed" if node is None else \
            f"mermaid-cli is not installed in {cli_package} (run `npm ci`)"
        logger.warning("%d diagrams cannot be drawn as pictures: %s; each diagram's text "
                       "description stands in for it in this edition", len(missing), why,
                       type="mermaid", subtype="pictures")
        return
    jobs = [{"code": code, "format": fmt, "output": str(picture)} for code, (picture, _, _) in missing.items()]
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as file:
        json.dump({"config": config, "jobs": jobs}, file)
    try:
        result = subprocess.run(
            [node, "--input-type=module", "--eval", RENDERER.read_text(encoding="utf-8"), file.name],
            # from the project holding node_modules: its packages and .puppeteerrc.cjs
            cwd=cli_package.parents[2], capture_output=True, text=True, stdin=subprocess.DEVNULL,
            timeout=60 + SECONDS_PER_DIAGRAM * len(jobs))
    except subprocess.TimeoutExpired:
        logger.warning("mermaid-cli took too long to draw %d diagrams; %s", len(jobs), fallback,
                       type="mermaid", subtype="pictures")
        return
    finally:
        os.unlink(file.name)
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["(no message)"])[-1]
        logger.warning("mermaid-cli could not draw the diagrams (%s); each diagram's %s. "
                       "The editions need Chromium (apt-get install chromium) or Puppeteer's "
                       "browser (npx puppeteer browsers install chrome-headless-shell)",
                       detail, fallback.removeprefix("its "), type="mermaid", subtype="pictures")
        return
    if fmt == "svg":
        for picture, _docname, _line in missing.values():
            if picture.exists():
                picture.write_text(unique_ids(picture.read_text(encoding="utf-8")), encoding="utf-8")
    places = {str(picture): (docname, line) for picture, docname, line in missing.values()}
    for line in result.stdout.splitlines():
        try:
            report = json.loads(line)
        except ValueError:
            continue  # (a message of the browser's console)
        if report.get("error") and report.get("output") in places:
            docname, lineno = places[report["output"]]
            logger.warning("this diagram could not be drawn as a picture (%s); %s",
                           report["error"], fallback, location=(docname, lineno),
                           type="mermaid", subtype="pictures")


ID = re.compile(r'(\sid=")([^"]+)(")')


def unique_ids(svg: str) -> str:
    """Mermaid's timelines give every event the id "node-undefined": an SVG (and
    so an EPUB) must not repeat an id. The second and later get -2, -3, ..."""
    seen: dict[str, int] = {}

    def rename(match: re.Match) -> str:
        seen[match.group(2)] = count = seen.get(match.group(2), 0) + 1
        suffix = f"-{count}" if count > 1 else ""
        return f"{match.group(1)}{match.group(2)}{suffix}{match.group(3)}"

    return ID.sub(rename, svg)


# -- Putting them in the pages ---------------------------------------------------

class DiagramAsPicture(SphinxPostTransform):
    """A diagram becomes its picture, with its description as alt text and legend."""

    default_priority = 150  # before DiagramAsText (200), which takes what is left

    def is_supported(self) -> bool:
        return not is_website(self.env._builder_cls)

    def run(self, **kwargs) -> None:
        pictures = getattr(self.env, "mermaid_pictures", {})
        for diagram in list(self.document.findall(mermaid)):
            uri = pictures.get(diagram["code"])
            if uri is None:
                continue
            text = description(diagram)
            image = nodes.image(uri=uri, candidates={"*": uri}, alt=text or "diagram",
                                classes=["diagram-picture"])
            diagram.replace_self(image)
            figure = image.parent
            if text and isinstance(figure, nodes.figure):
                figure += nodes.legend("", nodes.paragraph("", text, classes=["diagram-description"]))


class DiagramAsText(SphinxPostTransform):
    """Outside the website, a diagram without a picture becomes its title and description."""

    default_priority = 200

    def is_supported(self) -> bool:
        return not is_website(self.env._builder_cls)

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(mermaid)):
            text = description(node) or node.get("alt") or "see the HTML version of this page"
            node.replace_self(nodes.paragraph("", f"Diagram: {text}.", classes=["diagram-description"]))


def description(diagram: mermaid) -> str:
    """The diagram's accTitle and accDescr, as one text."""
    parts = dict(ACC.findall(diagram.get("code", "")))
    return ". ".join(p.strip().rstrip(".") for p in (parts.get("accTitle"), parts.get("accDescr")) if p)
