"""What ``sphinx_summit.mermaid`` keeps on the build environment: all of it, here.

One object, ``env.mermaid_state`` (a ``MermaidState``), made by ``init_state``
when the builder starts (``builder-inited``, before any page is purged or
read) and kept with the environment from one build to the next. (The drawings
each page was last written with are a set of ``rewrite.py``'s fingerprints.) Every module of the extension reads
it through ``mermaid_state(env)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Drawn:
    """What this build drew: (code, variant) -> file, or why nothing could be drawn."""
    files: dict[tuple[str, str], Path] = field(default_factory=dict)
    unavailable: str | None = None


@dataclass
class MermaidState:
    # page -> its diagrams as read, [(code, line)]: recorded on doctree-read,
    # dropped when the page is purged, taken from the -j workers' environments
    # page by page (drawing.py)
    diagrams: dict[str, list[tuple[str, int | None]]] = field(default_factory=dict)
    # this build's drawings, set before pages are written (env-updated: in the
    # main process, before -j writers start); None until then
    drawn: Drawn | None = None


def init_state(app) -> None:
    """The extension's state, made once and kept with the environment (builder-inited)."""
    env = app.env
    if not hasattr(env, "mermaid_state"):
        # (an environment kept before the state was one object has the diagrams
        # as an attribute of its own: they are taken over, or the pages it does
        # not read again would have no diagrams)
        old = vars(env)
        env.mermaid_state = MermaidState(diagrams=old.pop("mermaid_diagrams", {}))
        old.pop("mermaid_written", None)  # (the pages' drawings: rewrite.py keeps them now)
        old.pop("mermaid_drawn", None)


def mermaid_state(env) -> MermaidState:
    return env.mermaid_state
