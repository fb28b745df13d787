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


def without_sphinx_search(builder) -> None:
    """The HTML builder writes no ``searchindex.js`` and no search page of its
    own (``sphinx_summit.search`` indexes the site with Pagefind and writes its
    page). Sphinx 9.0 has no setting for it: its HTML builders read the class
    attribute ``search``, which the HTML Help builders set to False."""
    builder.search = False
