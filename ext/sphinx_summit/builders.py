"""The outputs the extension tells apart: the website, or an e-book.

Part of the core (listings, the export): a site without the editions
(``sphinx_summit.editions``) still needs to know whether it writes the website.
"""

from __future__ import annotations


def is_website(builder) -> bool:
    """An HTML build of the site (html, dirhtml, singlehtml), not an e-book
    (``builder``: a builder or its class)."""
    return builder.format == "html" and not getattr(builder, "embedded", False)
