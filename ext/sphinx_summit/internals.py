"""The private attributes of Sphinx that the package reads: all of them, here.

Sphinx 9.0 has no public API for these; each function says why, so that the
next Sphinx can be checked in one place. No other module of the package
reads a private attribute of Sphinx.
"""

from __future__ import annotations


def builder_class(env):
    """The class of the builder the pages are written for, as a transform sees it.

    A transform has the environment, the configuration and the document, not
    the builder: ``SphinxTransform.app``, ``BuildEnvironment.app`` and
    ``EventManager.app`` are deprecated (to go in Sphinx 11). The public
    ``builders`` and ``formats`` of a post-transform only list the builders
    it runs for, which cannot say "every builder but the website's"; Sphinx's
    own ``SphinxPostTransform.is_supported`` reads ``env._builder_cls``.
    """
    return env._builder_cls


def builder(env):
    """The builder that writes the pages, for a post-transform that must run
    before references are resolved and makes links (``make_refnode`` needs the
    builder's ``get_relative_uri``); the ``doctree-resolved`` event, which has
    the application, comes after references are resolved. None of the public
    routes remain (see ``builder_class``); Sphinx's own ``ReferencesResolver``
    reads ``env._app.builder``."""
    return env._app.builder


def search_index_entries(env) -> dict[str, list[tuple[str, str, str]]]:
    """page -> the index entries the search index has of it.

    Sphinx 9.0's search index (``IndexBuilder``) keeps them in the environment
    with no public way to read or give them, and does not load them back from
    the last ``searchindex.js`` (``sphinx_summit.incremental`` does).
    """
    return env._search_index_index_entries


def search_index_words(indexer) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The search index's word -> pages mappings, of the text and of the titles.

    ``IndexBuilder.prune`` takes deleted pages out of them but keeps the
    words left with no page; it has no public way to remove a word.
    """
    return indexer._mapping, indexer._title_mapping
