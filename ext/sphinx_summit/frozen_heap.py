"""Keep Python's garbage collector off the environment while pages are written.

After reading, the build environment holds a few hundred thousand objects
(millions at thousands of pages) that live until the build ends. Every full
collection during the write phase would scan them all again; most of a
large build's collector time went there. Once the environment is complete we
collect once and freeze what is left (``gc.freeze``), so later collections
only look at objects made while writing. Frozen objects are released again
when the build finishes, which matters when one process runs many builds
(the test suite).
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx

from . import __version__, order


def freeze(app: Sphinx, env) -> list[str]:
    gc.collect()
    gc.freeze()
    return []


def unfreeze(app: Sphinx, exception) -> None:
    gc.unfreeze()


def setup(app: Sphinx) -> dict:
    app.connect("env-updated", freeze, priority=order.FREEZE_ENVIRONMENT)
    app.connect("build-finished", unfreeze)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
