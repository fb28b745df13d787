"""Sphinx configuration for the OpenStack Tokyo Summit 2015 notes.

Build from the repository root: ``sphinx-build -c . docs _build/html``
(``make html`` does exactly that). Pages live in ``docs/``; the ``summit``
extension lives in ``ext/summit``.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "ext"))

project = "OpenStack Tokyo Summit 2015 notes"
author = "the summit notes authors"
copyright = "2015, the summit notes authors"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.mermaid",
    "mermaid_selfhosted",
    "a11y",
    "bounded_nav",
    "frozen_heap",
    "linkstatus",
    "summit",
]

root_doc = "index"
exclude_patterns = ["_build", "_data", "Thumbs.db", ".DS_Store"]
language = "en"

# -- MyST ---------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline"]
myst_heading_anchors = 3

# -- HTML ---------------------------------------------------------------------
html_theme = "furo"
html_title = "Tokyo Summit 2015 notes"
html_favicon = "docs/_static/favicon.svg"
# furo's sidebar, with links to the project, topic and people indices
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "summit-indices.html",
        "sidebar/scroll-end.html",
    ]
}
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

# -- Mermaid ------------------------------------------------------------------
# Served from the site (ext/mermaid_selfhosted.py copies the npm package pinned
# in package.json); rendered in the browser, following furo's light/dark switch.
mermaid_fullscreen_button = "Full screen"
mermaid_fullscreen_button_opacity = "100"
mermaid_height = "auto"  # each diagram at its own aspect ratio
mermaid_light_theme = "default"
mermaid_dark_theme = "dark"

# -- Link checking ------------------------------------------------------------
# Sphinx's linkcheck builder checks the external links (`make linkcheck` runs it
# through tools/linkcheck.py, beside LinkChecker for the internal ones). The
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

# -- LaTeX --------------------------------------------------------------------
latex_documents = [
    ("index", "tokyo-summit-2015.tex", project, author, "manual"),
]

# -- The summit ---------------------------------------------------------------
# The days a session's `:day:` may name.
summit_days = {
    1: {"date": "2015-10-27", "label": "Day 1", "weekday": "Tuesday"},
    2: {"date": "2015-10-28", "label": "Day 2", "weekday": "Wednesday"},
    3: {"date": "2015-10-29", "label": "Day 3", "weekday": "Thursday"},
    4: {"date": "2015-10-30", "label": "Day 4", "weekday": "Friday",
        "note": "Design Summit only"},
}
# The kinds of session a `:format:` may name.
summit_formats = [
    "keynote",
    "talk",
    "panel",
    "work session",
    "contributor meetup",
]
# The author's remarks a `:remarks:` may name, with the text a reader sees.
summit_remarks = {
    "recommended": "Highly recommended",
    "packed": "Room packed",
    "no-show": "Speaker did not show up",
    "missed": "Could not get in",
    "get-slides": "Get the slides",
    "intro-level": "Introductory level",
}
# Projects, their categories, and topics (see the file's own comments).
summit_catalogue = "docs/_data/catalogue.yaml"
