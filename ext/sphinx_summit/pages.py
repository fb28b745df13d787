"""What every page needs: a title, and fences that close.

* an empty page, or a page without a heading, would be listed as
  "<no title>" (or not at all): one warning at its first line;
* a code fence (or a ``:::`` fence) that is never closed turns the rest of
  the page into code: one warning at the fence's line;
* front matter that is not YAML, or not 'name: value' lines, is one warning
  quoting the YAML parser's reason and line (in place of MyST's "Malformed
  YAML" or "YAML is not a dict").
"""

from __future__ import annotations

import logging as std_logging

import yaml

from docutils import nodes
from sphinx.util import logging

from .metadata import YAML_HINT, yaml_problem

logger = logging.getLogger(__name__)

EMPTY = ("the page is empty: start it with its title ('# Title') and write its notes, "
         "or delete it (and its line in the toctree)")
NO_TITLE = ("the page has no title, so the navigation would list it as '<no title>': "
            "start it with a heading ('# Title')")


def _warn(app, docname: str, line: int, message: str) -> None:
    logger.warning(message, location=(docname, line), type="summit", subtype="page")


def check_fences(app, docname: str, source: list[str]) -> None:
    """A fence left open to the end of a MyST page (source-read)."""
    if not str(app.env.doc2path(docname)).endswith(".md") or not hasattr(app.env, "myst_config"):
        return
    text = source[0]
    if not text.strip():
        return  # (an empty page: check_title says so)
    lines = text.splitlines()
    tokens = block_parser(app.env.myst_config).parse(text)
    for token in tokens:
        if token.type not in ("fence", "colon_fence") or not token.map:
            continue
        start, end = token.map
        if end < len(lines) or (end - 1 > start and _closes(lines[end - 1], token.markup)):
            continue
        fence = token.markup + (token.info.split()[0] if token.info.strip() else "")
        _warn(app, docname, start + 1,
              f"the fence {fence!r} opened on this line is never closed, so the rest of the "
              f"page (to its last line, {len(lines)}) is inside it: close it with a line "
              f"{token.markup!r} where its content ends")


_BLOCK_PARSER: dict[str, object] = {}  # repr(MyST's configuration) -> its parser (one)


def block_parser(myst_config):
    """MyST's Markdown parser for this configuration (made once), reading blocks only:
    where a fence ends does not depend on the text inside blocks (the inline rules,
    most of the parsing time, are left out)."""
    key = repr(myst_config)
    if key not in _BLOCK_PARSER:
        from markdown_it.renderer import RendererHTML
        from myst_parser.parsers.mdit import create_md_parser

        _BLOCK_PARSER.clear()
        _BLOCK_PARSER[key] = create_md_parser(myst_config, RendererHTML).disable("inline")
    return _BLOCK_PARSER[key]


def _closes(line: str, marker: str) -> bool:
    """Whether ``line`` is a closing fence for an opening ``marker`` (``` or :::)."""
    text = line.strip()
    return len(text) >= len(marker) and set(text) == {marker[0]}


def check_title(app, doctree: nodes.document) -> None:
    """An empty page, or one without a heading (doctree-read)."""
    if "title" in doctree or next(doctree.findall(nodes.section), None) is not None:
        return
    docname = app.env.current_document.docname
    _warn(app, docname, 1, NO_TITLE if doctree.children else EMPTY)


def check_front_matter(app, docname: str, source: list[str]) -> None:
    """Front matter that YAML cannot read (source-read)."""
    lines = source[0].splitlines()
    if not lines or lines[0].rstrip() != "---":
        return
    end = next((n for n in range(1, len(lines)) if lines[n].rstrip() in ("---", "...")), None)
    if end is None:
        return
    text = "\n".join(lines[1:end])
    problem = yaml_problem(text, 2)
    if problem:
        _warn(app, docname, problem[0], f"the front matter (between the '---' lines at the top of the "
                                        f"page) is not valid YAML: {problem[1]}; {YAML_HINT}")
    elif not isinstance(yaml.safe_load(text), (dict, type(None))):
        _warn(app, docname, 2, "the front matter (between the '---' lines at the top of the page) is "
                               "not 'name: value' lines: write e.g. 'orphan: true', one per line")


def _not_mysts_malformed_yaml(record: std_logging.LogRecord) -> bool:
    """MyST's "Malformed YAML" and "YAML is not a dict" say less than check_front_matter,
    at the same page."""
    return not (getattr(record, "type", "") == "myst" and getattr(record, "subtype", "") == "topmatter"
                and str(record.msg).startswith(("Malformed YAML", "YAML is not a dict")))


def replace_mysts_message(app) -> None:
    """(builder-inited) before Sphinx's own filters, which count the warnings for -W."""
    for handler in std_logging.getLogger(logging.NAMESPACE).handlers:
        if isinstance(handler, logging.WarningStreamHandler):
            handler.filters.insert(0, _not_mysts_malformed_yaml)


def setup_pages(app) -> None:
    app.connect("source-read", check_fences)
    app.connect("source-read", check_front_matter)
    app.connect("doctree-read", check_title)
    app.connect("builder-inited", replace_mysts_message)
