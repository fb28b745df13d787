"""Sphinx configuration for the summit notes.

Build from the repository root: ``sphinx-build -c . docs _build/html``
(``make html`` does exactly that). Pages live in ``docs/``, one folder per
summit; the extensions are the ``sphinx_summit`` package in ``ext/``
(installed by ``make``).
"""

import os
from urllib.parse import urlparse

project = "OpenStack summit notes"
author = "the summit notes authors"
copyright = "2015, the summit notes authors"
version = release = "1.0"  # the edition, printed in the PDF and the EPUB

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.mermaid",
    "sphinx_reredirects",
    "sphinx_sitemap",
    "notfound.extension",
    "sphinx_summit",
    "sphinx_summit.search",
    "sphinx_summit.mermaid",
    "sphinx_summit.a11y",
    "sphinx_summit.bounded_nav",
    "sphinx_summit.linkstatus",
    "sphinx_summit.incremental",
    "sphinx_summit.hosting",
    "sphinx_summit.feeds",
    "sphinx_summit.breadcrumbs",
    "sphinx_summit.last_updated",
    "sphinx_summit.wayfinding",
    "sphinx_summit.editions",
]

root_doc = "index"
exclude_patterns = ["_build", "_data", "Thumbs.db", ".DS_Store"]
language = "en"
gettext_auto_build = False  # no translations (.po) to compile: Sphinx would say so on every build

# -- MyST ---------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline", "attrs_block"]
myst_heading_anchors = 3

# -- HTML ---------------------------------------------------------------------
html_theme = "furo"
html_title = "OpenStack summit notes"
html_favicon = "docs/_static/favicon.svg"
# furo's sidebar, with links to the project, topic and people indices
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "summit-indices.html",  # the index pages of sphinx_summit
        "sidebar/scroll-end.html",
    ]
}
# "Edit this page": furo's pencil above each page links to the page's source on
# its host ({filename}: its path below docs/). Off while empty.
EDIT_LINK = ""  # e.g. "https://github.com/OWNER/REPO/edit/main/docs/{filename}"
html_theme_options = {"source_edit_link": EDIT_LINK} if EDIT_LINK else {}
# The site's address: Read the Docs gives it when it builds the site; this one
# otherwise. Canonical links, the sitemap, robots.txt and link previews use it.
SITE_URL = "https://openstack-summit-notes.readthedocs.io/en/latest/"
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", SITE_URL)

# -- Hosting ------------------------------------------------------------------
sitemap_url_scheme = "{link}"  # html_baseurl already holds the language and version
sitemap_excludes = ["search.html", "genindex.html", "404.html"]
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}  # session pages get a picture of their own (sphinx_summit.hosting)
# The 404 page (sphinx-notfound-page) is served for a missing page at any depth,
# so its links are absolute, from where this build is served: on Read the Docs
# the path of the address it gives (/en/latest/), anywhere else (another host,
# a local preview) the root of the host.
notfound_urls_prefix = urlparse(os.environ.get("READTHEDOCS_CANONICAL_URL", "/")).path or "/"
# (sphinx_summit.wayfinding adds links home, a search form and the summits)
notfound_context = {
    "title": "Page not found",
    "body": "<h1>Page not found</h1>\n<p>No page of the notes has this address: it may have moved, "
            "or the link that led here may be mistyped.</p>\n",
}

# -- Mermaid ------------------------------------------------------------------
# Drawn when the site is built (sphinx_summit.mermaid: the Mermaid pinned in
# package.json, in Chromium), inline SVG in both colour schemes.
mermaid_fullscreen_button = "Full screen"  # the control above each diagram (sphinx_summit.mermaid)
mermaid_height = "auto"  # each diagram at its own aspect ratio
mermaid_light_theme = "default"
mermaid_dark_theme = "dark"
mermaid_init_config = {
    "startOnLoad": False,
    "xyChart": {"showDataLabel": True},  # every bar shows its value
    # timeline events are drawn 20 % brighter than their period: show the colours below
    "themeCSS": ".eventWrapper { filter: none; }",
}

# Colours: the package's WCAG-checked palettes for light and dark pages
# (sphinx_summit.mermaid.palettes); set mermaid_theme_variables to override them.

# -- Link checking ------------------------------------------------------------
# Sphinx's linkcheck builder checks the external links (`make linkcheck` runs it
# through sphinx_summit.linkcheck, beside LinkChecker for the internal ones). The
# notes' links are from 2015: old sites are slow, rate-limit and redirect.
linkcheck_timeout = 20
linkcheck_retries = 2
linkcheck_workers = 8
linkcheck_rate_limit_timeout = 120.0
linkcheck_report_timeouts_as_broken = False
# Redirects that are expected and not worth reporting: the move to https, and
# the documentation and wiki reorganisations of OpenStack and Kubernetes.
linkcheck_allowed_redirects = {
    r"http://.*": r"https://.*",
    r"https?://docs\.openstack\.org/developer/.*": r"https://docs\.openstack\.org/.*",
    r"https?://(www\.)?youtube\.com/watch.*": r"https://(www\.)?youtube\.com/.*",
    r"https?://kubernetes\.io/v1\.0/.*": r"https://kubernetes\.io/.*",
}
# Sites that render their anchors with JavaScript.
linkcheck_anchors_ignore_for_url = [
    r"https://github\.com/.*",
    r"https?://review\.openstack\.org/.*",
    r"https?://etherpad\.openstack\.org/.*",
    r"https?://www\.slideshare\.net/.*",
]
linkcheck_request_headers = {"*": {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}}

# -- The PDF and EPUB editions -------------------------------------------------
# `make latexpdf`, `make epub`; Read the Docs builds both. The diagrams are
# pictures drawn when the book is built (sphinx_summit.mermaid); tabs become sections
# (sphinx_summit.editions). README.md, "PDF and EPUB", lists the tools.
latex_engine = "xelatex"  # the notes hold Japanese and Chinese phrases
latex_documents = [
    ("index", "summit-notes.tex", project, author, "manual"),
]
latex_toplevel_sectioning = "part"  # each summit is a part, each day a chapter
latex_show_pagerefs = True  # cross references give their page
latex_show_urls = "footnote"
latex_elements = {
    "papersize": "a4paper",
    # chapters (days) start on the next page, a part (a summit) on a right-hand one
    "extraclassoptions": "openany",
    "releasename": "Edition",  # the title page's "Edition 1.0"
    # xeCJK sets the CJK phrases in Noto CJK (Debian's fonts-noto-cjk)
    "fontenc": r"\usepackage{xeCJK}" "\n" r"\defaultfontfeatures[\rmfamily,\sffamily,\ttfamily]{}",
    "preamble": "\n".join([
        r"\setCJKmainfont{Noto Serif CJK JP}[AutoFakeSlant]",
        r"\setCJKsansfont{Noto Sans CJK JP}[AutoFakeSlant]",
        r"\setCJKmonofont{Noto Sans Mono CJK JP}",
        # quotes, dashes, middle dots and ellipses are Latin text (xeCJK would
        # set them as full-width CJK punctuation)
        r'\xeCJKDeclareCharClass{Default}{"00B7, "2013, "2014, "2018, "2019, "201C, "201D, "2026}',
        r"\usepackage{etoolbox}\pretocmd{\part}{\cleardoublepage}{}{}",
    ]),
    "fvset": r"\fvset{fontsize=auto,formatcom=\xeCJKVerbAddon}",
}
epub_basename = "summit-notes"
epub_show_urls = "footnote"
# the contents as the site's navigation: summits, their days, the sessions (then
# the indices, sphinx_summit.editions); the toctrees are hidden on the website
epub_tocscope = "includehidden"
epub_tocdepth = 3
epub_tocdup = False  # (a parent is not repeated as the first entry of its children in toc.ncx)
epub_exclude_files = ["search.html", "404.html"]

# -- Summits ------------------------------------------------------------------
# Each summit is declared by the summit.yaml in its folder (docs/tokyo-2015/).
# These are the defaults every summit has; a summit.yaml may add its own.
# The kinds of session a `:format:` may name.
summit_formats = [
    "keynote",
    "talk",
    "panel",
    "work session",
    "contributor meetup",
]
# The author's remarks a `:remarks:` may name: the text a reader sees, and the
# colour of its badge (a sphinx-design colour).
summit_remarks = {
    "recommended": {"text": "Highly recommended", "colour": "success"},
    "packed": {"text": "Room packed", "colour": "warning"},
    "no-show": {"text": "Speaker did not show up", "colour": "danger"},
    "missed": {"text": "Could not get in", "colour": "danger"},
    "get-slides": {"text": "Get the slides", "colour": "info"},
    "intro-level": {"text": "Introductory level", "colour": "secondary"},
}
# Projects, their categories, and topics (see the file's own comments); the
# path is relative to docs/.
summit_catalogue = "_data/catalogue.yaml"

# -- Moved pages --------------------------------------------------------------
# The Tokyo pages were at the root of the site until it held more than one
# summit; their old addresses redirect to the new ones (sphinx-reredirects).
redirects = {
    old: "../" * old.count("/") + f"tokyo-2015/{old}.html"  # relative: the site may live in a subfolder
    for old in [
        "quick-cap", "further-reading", "other-thinkings",
        *(f"day{n}/index" for n in range(1, 5)),
        "day1/keynote", "day1/multisite-openstack", "day1/container-ecosystem-magnum",
        "day1/running-openstack-redhat", "day1/smr-swift", "day1/hyperconverged",
        "day1/full-stack-security",
        "day2/keynote", "day2/manila-work-sessions", "day2/overlay-network-containers",
        "day2/ceph-solid-state", "day2/kubernetes-on-openstack", "day2/financial-cloud",
        "day2/ceph-manila-containers", "day2/vendors-killing-cinder",
        "day3/docker-security", "day3/trusted-containers", "day3/nfv-bakeoff",
        "day3/nfv-orchestration", "day3/cinder-replication", "day3/cloud-and-mud",
        "day3/global-intercloud", "day3/kubernetes-hybrid-cloud", "day3/lithium-monolith",
        "day3/murano-autoscaling", "day3/flexpod-redhat", "day3/storage-virtualization",
        "day4/cinder-meetup-morning", "day4/cinder-meetup-afternoon",
    ]
}
