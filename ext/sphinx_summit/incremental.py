"""An incremental build gives the same site as a clean build.

Sphinx 9.0 leaves the HTML (and the ``_sources`` copy) of a deleted or
renamed page in the output of an incremental HTML build, where readers and
search engines still find it: the output of the pages removed in this build
is deleted when it has finished. (Its search index, which lost the
glossary's entries of the pages it did not write again, is not written:
``sphinx_summit.search`` indexes the whole written site with Pagefind on
every build.)

And one of sphinx-sitemap 2.9: its sitemap lists the pages written in this
build only; the pages not written again are added back, and the list is
put in the order of a clean build.

(The navigation of pages not read again is ``bounded_nav``'s concern.)

What the extension keeps on the environment: ``env.incremental_removed``, the
pages this build removed, set by ``note_removed`` (``env-get-outdated``, every
build, before pages are read) and read through ``removed_pages(env)`` when the
build has finished.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from . import __version__, internals, order


def note_removed(app: Sphinx, env, added, changed, removed) -> list[str]:
    env.incremental_removed = set(removed)
    return []


def removed_pages(env) -> set[str]:
    return getattr(env, "incremental_removed", set())


def remove_outputs(app: Sphinx, exception) -> None:
    builder = app.builder
    removed = removed_pages(app.env)
    if exception is not None or builder.format != "html" or not removed:
        return
    outdir = Path(builder.outdir)
    for docname in removed:
        if docname in app.env.found_docs:
            continue  # (it came back)
        targets = [outdir / builder.get_target_uri(docname)]
        if builder.name == "dirhtml" and docname != "index":
            targets = [outdir / docname / "index.html"]
        targets += outdir.joinpath("_sources").glob(f"{docname}.*.txt")
        for target in targets:
            if target.is_file() and not _is_redirect(app, docname):
                target.unlink()
                remove_empty_folders(target.parent, outdir)


def remove_empty_folders(folder: Path, outdir: Path) -> None:
    """The folder and those above it, up to ``outdir``, while they are empty
    (a summit or a day that was removed leaves none behind)."""
    while folder != outdir and folder.is_relative_to(outdir) and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def complete_sitemap(app: Sphinx) -> list:
    """Every page in sphinx-sitemap's list, in page order (html-collect-pages)."""
    links = internals.sitemap_links(app)
    if links is None:
        return []
    from sphinx_sitemap import add_html_link

    for docname in app.env.found_docs:  # (a page written in this build is there already)
        add_html_link(app, docname, None, {}, None)
    found = {}
    while not links.empty():
        link, last_updated = links.get()
        found[link] = last_updated
    for link in sorted(found):
        links.put((link, found[link]))
    return []


def _is_redirect(app: Sphinx, docname: str) -> bool:
    """A removed page that sphinx-reredirects now writes as a redirect is kept."""
    return docname in (getattr(app.config, "redirects", None) or {})


def setup(app: Sphinx) -> dict:
    app.connect("env-get-outdated", note_removed)
    app.connect("html-collect-pages", complete_sitemap)
    app.connect("build-finished", remove_outputs, priority=order.REMOVE_OUTPUTS)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
