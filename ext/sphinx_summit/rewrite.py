"""Pages written again although they were not read again.

Sphinx writes the pages it read (and their toctree parents). A page may also
show what other pages hold -- a listing their sessions, the sidebar their
titles -- and would keep showing what is no longer so. Each extension that
adds such content names a set of fingerprints: for each page, a digest of
what its content depends on, taken when it was last written by a builder.
``pages_to_rewrite`` (called from an ``env-get-updated`` handler) compares
them with what the pages depend on now, keeps the new ones and names the
pages whose fingerprint changed.

The sets live in the environment, in ``env.summit_fingerprints`` ((set name,
builder name) -> ``Fingerprints``): builders share the environment (``make
latexpdf`` then ``make html``), and each has written the pages as they were
at its own last build. They are set in env-get-updated, in the main process
once a parallel read has been merged: there is nothing to merge.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

ATTRIBUTE = "summit_fingerprints"  # the environment's attribute: {(set, builder): Fingerprints}


@dataclass
class Fingerprints:
    """One set: a digest of what each page depends on, taken when it was last written."""

    read: dict[str, int]  # env.all_docs when they were taken: docname -> when Sphinx read it
    pages: dict[str, str]  # docname -> sha1 of repr(what the page depends on)


def pages_to_rewrite(app, name: str, depends_on: Callable[[], Mapping[str, object]], *,
                     only_pages: bool = True) -> list[str]:
    """The pages whose fingerprint in the set ``name`` changed since the builder
    last wrote them, sorted; the new fingerprints are kept.

    ``depends_on()``: {docname: what the page's content depends on} (its ``repr``
    is fingerprinted); a page it leaves out has no fingerprint. ``only_pages``:
    that changes only when pages are read, added or removed (else it may change
    between builds of the same pages: the diagrams' drawings).
    """
    env = app.env
    sets: dict[tuple[str, str], Fingerprints] | None = getattr(env, ATTRIBUTE, None)
    if sets is None:
        sets = {}
        setattr(env, ATTRIBUTE, sets)
    key = (name, app.builder.name)
    before = sets.get(key)
    if only_pages and before is not None and before.read == env.all_docs:
        return []  # no page was read, removed or added since: nothing a page shows can differ
    pages = {docname: hashlib.sha1(repr(content).encode(), usedforsecurity=False).hexdigest()
             for docname, content in depends_on().items()}
    sets[key] = Fingerprints(dict(env.all_docs), pages)
    old = before.pages if before is not None else {}
    return sorted(docname for docname, digest in pages.items() if old.get(docname) != digest)
