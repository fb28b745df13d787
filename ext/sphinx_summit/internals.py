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


def without_sphinx_search(builder) -> None:
    """The HTML builder writes no ``searchindex.js`` and no search page of its
    own (``sphinx_summit.search`` indexes the site with Pagefind and writes its
    page). Sphinx 9.0 has no setting for it: its HTML builders read the class
    attribute ``search``, which the HTML Help builders set to False."""
    builder.search = False


def sphinx_design_static():
    """The folder sphinx-design adds to ``html_static_path`` (its CSS and JavaScript).

    Not Sphinx's, sphinx-design's: 0.8 adds it when the builder starts
    (builder-inited), after Sphinx has compared the configuration with the one
    the last build kept, which holds it; so every build said "The configuration
    has changed (html_static_path)". ``quiet`` adds it before the comparison;
    sphinx-design names the folder only in its module constant ``STATIC_DIR``.
    """
    from sphinx_design.extension import STATIC_DIR

    return STATIC_DIR
