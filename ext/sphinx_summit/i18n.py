"""Every word the extension shows a reader goes through Sphinx's translations.

The package ships no translations. A site in another language translates its
words with a ``sphinx_summit`` message catalogue in its ``locale_dirs``
(by default ``locales/<language>/LC_MESSAGES/sphinx_summit.po``, compiled
as Sphinx compiles its own ``sphinx.po``); dates follow the site's ``language`` through
:func:`sphinx.util.i18n.format_date`.
"""

from __future__ import annotations

from datetime import date, datetime

from sphinx.locale import get_translation
from sphinx.util.i18n import CatalogRepository, format_date

MESSAGE_CATALOG = "sphinx_summit"
_ = get_translation(MESSAGE_CATALOG)


def format_day(day: date, language: str, *, long: bool = True) -> str:
    """A date for a reader: 'Thursday 29 October 2015', or '29 October 2015'."""
    pattern = _("%A %-d %B %Y") if long else _("%-d %B %Y")
    return format_date(str(pattern), date=datetime(day.year, day.month, day.day), language=language)


def plural_sessions(n: int) -> str:
    return str(_("%d session") if n == 1 else _("%d sessions")) % n


def add_site_catalogues(app, config) -> None:
    """The site's ``sphinx_summit`` catalogues (config-inited), compiled when their
    .po changed, as Sphinx does for ``sphinx.po``."""
    repo = CatalogRepository(app.srcdir, config.locale_dirs, config.language, config.source_encoding)
    for catalog in repo.catalogs:
        if catalog.domain == MESSAGE_CATALOG and catalog.is_outdated():
            catalog.write_mo(config.language, config.gettext_allow_fuzzy_translations)
    for folder in repo.locale_dirs:
        app.add_message_catalog(MESSAGE_CATALOG, folder)
