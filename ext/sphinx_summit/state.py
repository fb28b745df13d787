"""What the core (``sphinx_summit``) keeps outside its domain: all of it, here.

The sessions, listings and index entries of the pages are the summit domain's
data (``domain.py``), which Sphinx purges and merges page by page. Besides
them the core keeps, on the build environment (``env``):

``summit_catalogue``       the projects and topics (``catalogue.Catalogue``)
``summit_catalogue_path``  the catalogue's file (str): pages that use it depend on it
``summit_summits``         the summits (``summits.Summits``)

  all three read from their files anew at every build, by ``keep_data`` when
  the builder starts (``builder-inited``): in the main process, before any
  page is read, so the -j workers have them and nothing is merged;

``summit_folders``         {folder: summit id} as of the last build

  kept from one build to the next, to read again the pages of a summit that
  was declared, moved or removed (``navigation.summits_changed``, which
  sets it);

``summit_fingerprints``   what each page showed of other pages when each builder
                           last wrote it (``rewrite.py``, which declares and sets it)

and, on the application (not kept: it is a logging filter),
``summit_warned``, the pages of this build's warnings (``reports.py``).

The modules read them as ``env.summit_summits`` (and so on); ``summits_of``
is for code that may run where no summits were loaded.
"""

from __future__ import annotations

from .catalogue import Catalogue
from .summits import Summits


def keep_data(env, catalogue: Catalogue, catalogue_path: str, summits: Summits) -> None:
    """The data files of this build, before any page is read (builder-inited)."""
    env.summit_catalogue = catalogue
    env.summit_catalogue_path = catalogue_path
    env.summit_summits = summits


def summits_of(env) -> Summits | None:
    """The summits, or None where none were loaded."""
    return getattr(env, "summit_summits", None)
