"""sphinx_summit.last_updated: each page says when it was last updated.

The date is that of the page's last git commit (``git_dates``: one ``git log``
for the whole source folder), never the build's: the theme's footer shows
"Last updated on 29 October 2015" (furo's ``last_updated``) and the page
carries ``<meta property="article:modified_time">``. A page that is not
committed, or a source folder outside git (a tarball), shows no date and
says nothing.

Why not sphinx-last-updated-by-git: it runs git once or more per source
folder, warns when the source is not in a git checkout (which fails a ``-W``
build of a tarball), hides the "view source" link of pages git does not
track, dates pages only when they are read again (a page committed after it
was built keeps its old date in an incremental build), and dates a page by
its included files too, which would not match its entries in the feeds.

An incremental build gives a clean build's dates: the dates are taken anew on
every build (``env-get-updated``), and the pages whose date changed are
written again. Kept on the environment: ``env.summit_commit_dates``, docname
-> ISO date of its last commit.
"""

from __future__ import annotations

import html
from datetime import datetime

from sphinx.application import Sphinx
from sphinx.util.i18n import format_date

from . import __version__
from .builders import is_website
from .git_dates import page_dates
from .i18n import _


def note_dates(app: Sphinx, env) -> list[str]:
    """Take every page's date; the pages whose date changed are written again."""
    dates = {doc: when.isoformat() for doc, when in page_dates(app).items()}
    before = getattr(env, "summit_commit_dates", {})
    env.summit_commit_dates = dates
    return sorted(doc for doc in dates.keys() | before.keys()
                  if dates.get(doc) != before.get(doc) and doc in env.found_docs)


def show_date(app: Sphinx, pagename, templatename, context, doctree) -> None:
    context["last_updated"] = None  # (not Sphinx's: the build's date)
    stamp = getattr(app.env, "summit_commit_dates", {}).get(pagename)
    if stamp is None or not is_website(app.builder):
        return
    when = datetime.fromisoformat(stamp)
    pattern = app.config.html_last_updated_fmt or str(_("%-d %B %Y"))
    context["last_updated"] = format_date(pattern, date=when, language=app.config.language)
    context["metatags"] = (context.get("metatags") or "") + (
        f'\n<meta property="article:modified_time" content="{html.escape(stamp)}">\n')


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_summit")
    app.connect("env-get-updated", note_dates)
    app.connect("html-page-context", show_date)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
