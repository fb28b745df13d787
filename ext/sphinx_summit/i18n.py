"""Every word the extension shows a reader goes through Sphinx's translations.

A site in another language translates them with a ``sphinx_summit`` message
catalogue (``locale_dirs``), like Sphinx's own words; dates follow the
site's ``language`` through :func:`sphinx.util.i18n.format_date`.
"""

from __future__ import annotations

from datetime import date, datetime

from sphinx.locale import get_translation
from sphinx.util.i18n import format_date

MESSAGE_CATALOG = "sphinx_summit"
_ = get_translation(MESSAGE_CATALOG)


def format_day(day: date, language: str, *, long: bool = True) -> str:
    """A date for a reader: 'Thursday 29 October 2015', or '29 October 2015'."""
    pattern = _("%A %-d %B %Y") if long else _("%-d %B %Y")
    return format_date(str(pattern), date=datetime(day.year, day.month, day.day), language=language)


def plural_sessions(n: int) -> str:
    return str(_("%d session") if n == 1 else _("%d sessions")) % n
