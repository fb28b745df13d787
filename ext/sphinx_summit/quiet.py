"""A rebuild with nothing changed says little, and nothing that reads like a problem.

* The configuration is the same as the last build's when conf.py is: what an
  extension adds to it once the builder has started is added before Sphinx
  compares the two (``config-inited``), so Sphinx does not say "The
  configuration has changed" (sphinx-design's static folder: see
  ``internals.sphinx_design_static``).
* sphinx-reredirects writes a line per moved page, "Overwriting ... with
  redirect" on every build after the first: one line says how many.
* MyST prints its whole configuration on every build, and Sphinx a line per
  template of its own it renders again (``basic.css_t``, ...): with ``-v`` only.
* Sphinx compares the configuration before the HTML builder sets up the theme,
  so a setting of the theme's own (furo's ``pygments_dark_style``) is "changed"
  on every build: that line is held back when it names only such a setting.

The filters sit on this application's log handlers (Sphinx makes new ones for
each application), so no other build in the process is quieted; ``-v`` shows
every line again.
"""

from __future__ import annotations

import logging as std_logging

from myst_parser.config.main import MdParserConfig
from sphinx.locale import __
from sphinx.util import logging

from .internals import sphinx_design_static

logger = logging.getLogger(__name__)
REDIRECTS = f"{logging.NAMESPACE}.sphinx_reredirects"  # sphinx-reredirects' logger


def add_before_comparison(app, config) -> None:
    """sphinx-design's static folder, added where Sphinx sees it when it compares the
    configuration with the last build's (config-inited); sphinx-design adds it
    again when the builder starts (see ``without_repeats``)."""
    if "sphinx_design" in app.extensions:
        config.html_static_path = [*config.html_static_path, str(sphinx_design_static())]


def without_repeats(app) -> None:
    """html_static_path with each folder once (builder-inited, after sphinx-design)."""
    app.config.html_static_path[:] = list(dict.fromkeys(app.config.html_static_path))


class Quiet(std_logging.Filter):
    """Holds back sphinx-reredirects' line per page (counted), MyST's configuration,
    Sphinx's templates and a theme's setting said to have changed."""

    def __init__(self, app) -> None:
        super().__init__()
        self.app = app
        self.redirects = 0

    def filter(self, record: std_logging.LogRecord) -> bool:
        if record.levelno != std_logging.INFO:
            return True
        if record.name == REDIRECTS:
            if not hasattr(record, "summit_counted"):  # (each of Sphinx's handlers sees it)
                record.summit_counted = True
                self.redirects += 1
            return False
        args = record.args if isinstance(record.args, tuple) else ()
        if any(isinstance(arg, MdParserConfig) for arg in args):
            return False
        if getattr(record, "subtype", None) == "template_evaluation":
            return False
        # "The configuration has changed (1 option: 'x')", x a setting nothing set up so
        # far declares: the last build's theme declared it when its builder started
        return not (str(record.msg) == str(__("The configuration has changed (1 option: %r)"))
                    and args and args[0] not in self.app.config)


def quiet_this_build(app) -> None:
    """The filter on the handlers Sphinx made for this application (setup)."""
    if app.verbosity > 0:
        return
    app.summit_quiet = Quiet(app)
    for handler in std_logging.getLogger(logging.NAMESPACE).handlers:
        handler.addFilter(app.summit_quiet)


def count_redirects(app):
    """One line for sphinx-reredirects' pages (html-collect-pages, after it wrote them)."""
    quiet = getattr(app, "summit_quiet", None)
    if quiet is not None and quiet.redirects:
        logger.info(f"redirects: {quiet.redirects} old addresses lead to their moved pages (sphinx-reredirects)")
        quiet.redirects = 0
    return []
