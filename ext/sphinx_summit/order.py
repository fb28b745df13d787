"""When the package's event handlers and transforms run: every priority, here.

Sphinx calls the handlers of one event, and applies the transforms of one
phase, lowest priority first. Handlers default to 500 (``app.connect``);
transforms have no default. Each name says what it must come before or
after, and why. The numbers of other code (Sphinx, myst-parser, sphinx-design,
furo, sphinxext-opengraph, sphinxcontrib-mermaid) are as in the versions
pinned in requirements.txt.
"""

# -- Event handlers (app.connect(..., priority=...)) ---------------------------

# config-inited, the core (sources.py): after Sphinx merges the parsers' source
# suffixes into source_suffix (800), which says which files are pages
UNREADABLE_PAGES = 850

# builder-inited, the core (quiet.py): after sphinx-design (500), which adds its
# static folder to html_static_path again
STATIC_PATHS_ONCE = 900

# html-collect-pages, the core (quiet.py): after sphinx-reredirects (500) has
# written its pages, whose lines it counts
REDIRECTS_COUNTED = 600

# source-read and include-read, the core (sources.py): before every other
# handler (500), which may take a word of the page for a file name (a NUL in a
# file name stops the build) or write it into a feed (XML holds no control characters)
CONTROLS_REPLACED = 100

# doctree-read, the core (sources.py): before Sphinx's collectors (500), which
# note a picture or a download for copying into the output: a refused one
# is gone from the page before they see it
UNREADABLE_FILES = 400

# config-inited, sphinx_summit.mermaid: after the handlers at the default 500,
# so the sphinxcontrib-mermaid settings it decides (mermaid_use_local,
# mermaid_version, mermaid_fullscreen) are the last word
MERMAID_SETTINGS = 900

# html-page-context, sphinx_summit.bounded_nav: before furo's handler (500),
# which calls the context's toctree()
BOUNDED_TOCTREE = 400

# html-page-context, sphinx_summit.hosting: before sphinxext-opengraph (500),
# which writes the page's og: fields from context["meta"]
OPENGRAPH_FIELDS = 450

# html-collect-pages, sphinx_summit.hosting: after sphinx_summit.incremental
# (500), which adds the pages not written in this build to sphinx-sitemap's
# list of pages, whose addresses it percent-encodes
SITEMAP_URLS = 600

# html-page-context, sphinx_summit.wayfinding: after OPENGRAPH_FIELDS and
# sphinxext-opengraph (500): a description for the pages still without one
PAGE_DESCRIPTION = 650

# html-page-context, sphinx_summit.mermaid: after sphinxcontrib-mermaid's
# install_js (500), whose script it reads (the URL of Mermaid) and removes
# from pages without a source document
MERMAID_PAGE_SCRIPTS = 900

# build-finished, sphinx_summit.incremental: before the other handlers (500)
# write into the output (sphinx-sitemap, the export, robots.txt): only what
# was left of the removed pages goes
REMOVE_OUTPUTS = 100

# build-finished, sphinx_summit.search: after every handler that writes or
# removes pages (REMOVE_OUTPUTS, sphinx-reredirects, sphinx-sitemap: 500): the
# index is made of the pages as they are left
BUILD_SEARCH_INDEX = 900

# doctree-resolved, the core (listings.py): after every other handler (500):
# what fills the listings and the related sessions is resolved on its own
# (the post-transforms, then this event's handlers: once each), then put in place
FILL_LISTINGS = 900

# doctree-resolved, sphinx_summit.feeds: after FILL_LISTINGS: a session's
# summary is taken from the page as it is written
FEED_SUMMARY = 950

# -- Transforms, while a page is read (app.add_transform) ----------------------

# sphinx_summit.mermaid: a diagram gets its figure and its caption's mark,
# after Sphinx's AutoNumbering (210), which gives figures their ids (this one
# gives its own figures one), and before Sphinx's DoctreeReadEvent (880),
# whose doctree-read handlers record the page's diagrams
DIAGRAM_FIGURES = 500

# the core (navigation.py): summits newest first in a toctree, after the
# toctree directive made its entries and before Sphinx's DoctreeReadEvent
# (880), whose toctree collector records the includes that the previous/next
# links and the EPUB's and PDF's contents follow (at 900 they went oldest
# first while the sidebar showed the newest first)
SUMMITS_NEWEST_FIRST = 870

# -- Post-transforms, while a page is written (app.add_post_transform) ---------

# sphinx_summit.mermaid, website: a diagram becomes its two inline drawings;
# the website's counterpart of DIAGRAM_AS_PICTURE (they never both run)
DIAGRAM_AS_INLINE_SVG = 150

# sphinx_summit.mermaid, e-books: a diagram becomes its picture, before
# DIAGRAM_AS_TEXT, which takes the diagrams left without one
DIAGRAM_AS_PICTURE = 150

# sphinx_summit.editions, LaTeX: a page's sub-pages move out of its last
# section; first of the book's transforms, which rely on that
SUB_PAGES_AFTER_SECTIONS = 170

# sphinx_summit.editions, LaTeX: after SUB_PAGES_AFTER_SECTIONS, which moves
# the sub-pages out of the sections this one turns into headings
LANDING_PAGES_AS_INTRODUCTIONS = 175

# sphinx_summit.editions, e-books: after SUB_PAGES_AFTER_SECTIONS, which moves
# the book's pages out of the sections this one leaves out
WEBSITE_ONLY = 180

# sphinx_summit.editions, e-books: before sphinx-design's TabSetHtmlTransform
# (200), which would make the tab sets HTML tabs (the EPUB is HTML)
TABS_AS_SECTIONS = 190

# sphinx_summit.mermaid, e-books: after DIAGRAM_AS_PICTURE; a diagram still
# without a picture becomes its text description
DIAGRAM_AS_TEXT = 200

# sphinx_summit.editions, LaTeX: after DIAGRAM_AS_PICTURE, whose pictures it turns
WIDE_PICTURES_TURNED = 300

# sphinx_summit.linkstatus, HTML: late, after the references are resolved
# (10): every external link of the page is there
ANNOTATE_LINKS = 900

# sphinx_summit.editions, LaTeX: late, after the transforms that add or move
# containers with ids (the tab sets, 190)
CONTAINER_ANCHORS_IN_LATEX = 900
