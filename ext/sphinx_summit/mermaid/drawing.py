"""Every diagram drawn when the site is built, in one browser page.

The website gets each diagram as inline SVG in two colour schemes; the PDF a
vector picture, the EPUB an SVG file (``pictures.py``). All are drawn by
``render.mjs``: one headless Chromium (Puppeteer, configured by the project's
``.puppeteerrc.cjs``), one page with the pinned Mermaid loaded once, every
diagram of the build drawn in it in turn.

* As pages are read, their diagrams are recorded (``MermaidState.diagrams``,
  ``state.py``: page -> [(code, line)]).
* Before pages are written (``env-updated``), the drawings the builder needs
  and the cache lacks are drawn in one run. The cache is a folder (by default
  ``<doctreedir>/diagrams``; ``SUMMIT_DIAGRAM_CACHE`` names another, which
  builds can share) of one file per content hash: the code, the Mermaid
  configuration (which holds the colour scheme), Mermaid's version, the
  renderer and the format. A rebuild with nothing changed draws nothing;
  editing one diagram draws that one.
* A diagram Mermaid cannot parse is a warning at its page and line.
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
import time
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib.mermaid import mermaid

from ..caches import drawing_cache
from .palettes import DIAGRAM_FONTS
from .state import mermaid_state

logger = logging.getLogger(__name__)

RENDERER = Path(__file__).with_name("render.mjs")
BUNDLE = Path("dist", "mermaid.min.js")  # (in the npm package: the build that sets window.mermaid)
SECONDS_PER_DIAGRAM = 10  # (the first takes a few seconds: the browser starts)
SCHEMES = ("light", "dark")


# -- Recording the diagrams of each page ---------------------------------------

def record_diagrams(app: Sphinx, doctree: nodes.document) -> None:
    diagrams = [(node["code"], node.line) for node in doctree.findall(mermaid)]
    mermaid_state(app.env).diagrams[app.env.docname] = diagrams


def purge_records(app: Sphinx, env, docname: str) -> None:
    mermaid_state(env).diagrams.pop(docname, None)


def merge_records(app: Sphinx, env, docnames, other) -> None:
    ours, theirs = mermaid_state(env).diagrams, mermaid_state(other).diagrams
    for docname in docnames:
        if docname in theirs:
            ours[docname] = theirs[docname]


# -- Mermaid's configuration -------------------------------------------------------

def mermaid_config(config, scheme: str) -> dict:
    """The site's Mermaid configuration for one colour scheme, with labels as
    SVG text (never HTML: nothing of a label can become markup) and Mermaid's
    strict security, which no diagram's own ``%%{init}%%`` can loosen."""
    settings = {k: v for k, v in copy.deepcopy(config.mermaid_init_config).items() if k != "startOnLoad"}
    dark = scheme == "dark"
    settings["theme"] = (config.mermaid_dark_theme if dark else config.mermaid_light_theme) or \
        ("dark" if dark else "default")
    settings["darkMode"] = dark
    settings["themeVariables"] = {**settings.get("themeVariables", {}),
                                  **config.mermaid_theme_variables.get(scheme, {}), "fontFamily": DIAGRAM_FONTS}
    settings["fontFamily"] = DIAGRAM_FONTS
    settings["htmlLabels"] = False
    settings["flowchart"] = {**settings.get("flowchart", {}), "htmlLabels": False}
    settings["securityLevel"] = "strict"
    settings["suppressErrorRendering"] = True  # (an error is reported, never drawn)
    settings["secure"] = ["secure", "securityLevel", "startOnLoad", "maxTextSize",
                          "suppressErrorRendering", "maxEdges", "htmlLabels", "dompurifyConfig"]
    return settings


ACC = re.compile(r"^\s*(accTitle|accDescr)\s*:\s*(.+)$", re.M)


def accessible_text(code: str) -> dict[str, str]:
    """The diagram's accTitle and accDescr (one-line forms)."""
    parts = dict(ACC.findall(code))
    return {"title": parts.get("accTitle", "").strip(), "description": parts.get("accDescr", "").strip()}


# -- Drawing -------------------------------------------------------------------------

@dataclass
class Drawing:
    """One picture of one diagram: what to draw, and the file it is drawn into."""
    code: str
    config: dict
    format: str          # "html" (inline SVG and its sizes), "svg" or "pdf"
    output: Path
    places: list[tuple[str, int | None]] = field(default_factory=list)  # (page, line)
    min_text: float | None = None  # CSS px: the page may shrink the drawing down to this text size

    @property
    def id(self) -> str:
        return "d" + self.output.stem[:12]  # the SVG's id; every id inside it starts with it


def cache_dir(app: Sphinx) -> Path:
    return drawing_cache(app, "diagrams")


def package_version(confdir: str, package: str) -> str | None:
    try:
        return json.loads(Path(confdir, package, "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def drawings(app: Sphinx, env, variants: dict[str, tuple[dict, str]],
             min_text: float | None = None) -> dict[tuple[str, str], Drawing]:
    """(code, variant) -> its Drawing, for every diagram of the site.
    ``variants``: name -> (Mermaid configuration, format)."""
    version = package_version(app.confdir, app.config.mermaid_npm_package)
    renderer = hashlib.sha256(RENDERER.read_bytes()).hexdigest()[:12]
    cache = cache_dir(app)
    wanted: dict[tuple[str, str], Drawing] = {}
    for docname, diagrams in sorted(mermaid_state(env).diagrams.items()):
        for code, line in diagrams:
            for variant, (config, fmt) in variants.items():
                if (code, variant) not in wanted:
                    key = json.dumps([version, renderer, fmt, config, code, min_text], sort_keys=True)
                    name = hashlib.sha256(key.encode()).hexdigest()[:20]
                    suffix = "json" if fmt == "html" else fmt
                    wanted[code, variant] = Drawing(code, config, fmt, cache / f"{name}.{suffix}",
                                                    min_text=min_text)
                wanted[code, variant].places.append((docname, line))
    return wanted


def unavailable(app: Sphinx) -> str | None:
    """Why diagrams cannot be drawn here, or None."""
    if shutil.which("node") is None:
        return "Node.js is not installed"
    package = Path(app.confdir, app.config.mermaid_npm_package)
    if not (package / BUNDLE).exists() or not (package.parent / "puppeteer").exists():
        return f"Mermaid and Puppeteer are not installed in {package.parent} (run `npm ci`)"
    return None


def draw(app: Sphinx, wanted: dict[tuple[str, str], Drawing]) -> str | None:
    """Draw the pictures the cache lacks, in one run of the renderer. Diagrams
    Mermaid cannot draw are warnings at their places; returns why nothing
    could be drawn, or None."""
    missing = [d for d in wanted.values() if not d.output.exists()]
    logger.info("diagrams: %d to draw, %d drawn before", len(missing), len(wanted) - len(missing))
    if not missing:
        return None
    if why := unavailable(app):
        return why
    missing[0].output.parent.mkdir(parents=True, exist_ok=True)
    jobs = [{"id": d.id, "code": d.code, "config": d.config, "format": d.format,
             "output": str(d.output), "scheme": d.config.get("darkMode") and "dark" or "light",
             "minText": d.min_text, **accessible_text(d.code)} for d in missing]
    bundle = Path(app.confdir, app.config.mermaid_npm_package, BUNDLE)
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as file:
        json.dump({"mermaid": str(bundle), "jobs": jobs}, file)
    start = time.perf_counter()
    try:
        result = subprocess.run(
            [shutil.which("node"), "--input-type=module", "--eval", RENDERER.read_text(encoding="utf-8"), file.name],
            # from the project holding node_modules: its Puppeteer and .puppeteerrc.cjs
            cwd=bundle.parents[3], capture_output=True, text=True, stdin=subprocess.DEVNULL,
            timeout=60 + SECONDS_PER_DIAGRAM * len(jobs))
    except subprocess.TimeoutExpired:
        return f"the browser took too long to draw {len(jobs)} diagrams"
    finally:
        os.unlink(file.name)
    if result.returncode == 2:  # (render.mjs: the browser did not start)
        detail = (result.stderr.strip().splitlines() or ["(no message)"])[-1]
        return (f"the browser could not draw them ({detail}); install Chromium (apt-get install chromium) "
                "or Puppeteer's browser (npx puppeteer browsers install chrome-headless-shell)")
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        detail = next((line for line in lines if "Error" in line), lines[0] if lines else "(no message)")
        return f"the renderer ({RENDERER.name}) failed: {detail}"
    logger.info("diagrams: %d drawn in %.1f s", sum(d.output.exists() for d in missing),
                time.perf_counter() - start)
    by_output = {str(d.output): d for d in missing}
    reported: set[tuple[str, int | None]] = set()
    for line in result.stdout.splitlines():
        try:
            report = json.loads(line)
        except ValueError:
            continue  # (a message of the browser's console)
        drawing = by_output.get(report.get("output"))
        if drawing is None or not report.get("error"):
            continue
        for place in drawing.places:
            if place not in reported:  # (once, not once per scheme or format)
                reported.add(place)
                logger.warning("Mermaid cannot draw this diagram: %s", report["error"],
                               location=place, type="mermaid", subtype="syntax")
    return None
