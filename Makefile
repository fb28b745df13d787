# The summit-notes site, in the style of sphinx-quickstart's Makefile.
# Two installs: the first `make html` creates .venv with what the site needs
# to build (requirements.txt, package.json's dependencies); the first
# `make test` adds the test and measurement tools (requirements-dev.txt,
# package.json's devDependencies). Later runs reuse them (refreshed when a
# requirements or package file changes).

SPHINXOPTS    ?= -W --keep-going -n
SOURCEDIR     = docs
BUILDDIR      = _build
VENV          ?= .venv
PYTHON        = $(VENV)/bin/python
SPHINXBUILD   = $(PYTHON) -m sphinx
# the interpreter that creates $(VENV): the newest Python 3.11+ found on PATH
# or under pyenv (e.g. PYTHON_FOR_VENV=python3.11: the oldest supported)
PYTHON_FOR_VENV ?= $(shell for p in python3 python3.11 python3.12 python3.13 python3.14 \
	$$(pyenv root 2>/dev/null)/versions/3.*/bin/python3; do "$$p" -c 'import platform, sys; \
	sys.version_info >= (3, 11) and print(platform.python_version(), sys.executable)' 2>/dev/null; \
	done | sort -V | tail -n 1 | cut -d ' ' -f 2)
STAMP         = $(VENV)/.installed
DEV_STAMP     = $(VENV)/.installed-dev
NODE_STAMP    = node_modules/.installed
NODE_DEV_STAMP = node_modules/.installed-dev
NPM_CI        = npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
# source maps (63 MB, Mermaid's most) serve a debugger and TypeScript's declarations
# (20 MB) a type checker, not the drawing: not kept
NO_MAPS       = find node_modules -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' \
		-o -name '*.d.cts' \) -delete
SPHINX        = $(SPHINXBUILD) -M $@ "$(SOURCEDIR)" "$(BUILDDIR)" -c . $(SPHINXOPTS) $(O)
# a build folder that cannot be written is one line, not Sphinx's traceback
WRITABLE      = where=$$(if [ -e "$(BUILDDIR)" ]; then find "$(BUILDDIR)" ! -writable -print -quit; \
		elif [ ! -w . ]; then echo .; fi); \
	if [ -n "$$where" ]; then echo "make $@: $$where cannot be written (read-only): make it writable \
	(chmod -R u+w $(BUILDDIR)), or build elsewhere (make $@ BUILDDIR=/tmp/summit-build)" >&2; exit 2; fi

.PHONY: help html dirhtml singlehtml text latex latexpdf epub epubcheck test livehtml linkcheck linkstatus bench searchbench lighthouse clean session summit

help:
	@echo "Targets:"
	@echo "  html        the site in $(BUILDDIR)/html (warnings are errors)"
	@echo "  test        the test suite (pytest): extension, site, browser, Read the Docs build"
	@echo "  livehtml    rebuild and reload in the browser on every change (sphinx-autobuild)"
	@echo "  linkcheck   internal links and anchors (LinkChecker), external links (Sphinx linkcheck)"
	@echo "  linkstatus  linkcheck, then store the external results in docs/_data/link-status.json"
	@echo "  latexpdf    the PDF edition, $(BUILDDIR)/latex/summit-notes.pdf (xelatex; see README)"
	@echo "  epub        the EPUB edition, $(BUILDDIR)/epub/summit-notes.epub"
	@echo "  epubcheck   the EPUB edition, checked by EPUBCheck"
	@echo "  dirhtml singlehtml text latex   the other Sphinx builders, same options"
	@echo "  bench       build-time benchmark at 1x, 5x, 20x the Tokyo summit (BENCH_ARGS='--scales 1 5';"
	@echo "              BENCH_ARGS=--editions: the PDF and EPUB at 1x and 10x)"
	@echo "  searchbench the search index at 1x, 20x, 100x: its size, the bytes one search fetches, indexing"
	@echo "              time (SEARCHBENCH_ARGS='--scales 1 20')"
	@echo "  lighthouse  Lighthouse (mobile and desktop, median of 3) on one page of each type, and the bytes of every"
	@echo "              session page (LIGHTHOUSE_ARGS='--pages home session --runs 5 --json FILE')"
	@echo "  clean       remove $(BUILDDIR) (the virtual environment stays)"
	@echo "  session     start a session page: SUMMIT=tokyo-2015 DAY=3 TITLE=\"My talk\" [FORMAT=talk]"
	@echo "  summit      start a summit: FOLDER=austin-2016 TITLE=\"...\" START=2016-04-25 END=2016-04-29"
	@echo "              [SHORT_TITLE=... PLACE=... RELEASE=... CYCLE=...]"
	@echo "              or from its published schedule (frab XML, pretalx JSON): FOLDER=... FROM=file-or-URL"
	@echo "              [TRACK=... ROOM=... DAY=... EVENT=... WITH_BREAKS=1]; again: brings it up to date"
	@echo "Variables: SPHINXOPTS='$(SPHINXOPTS)'  O='extra sphinx-build options'  PYTEST_ARGS"

# The site's install: the pinned runtime and the package (editable). --no-compile:
# Python compiles what a build imports when it first imports it, not all of
# every package (28 MB of bytecode, most never run).
$(STAMP): requirements.txt pyproject.toml
	@test -x $(PYTHON) || "$(or $(PYTHON_FOR_VENV),$(error no Python 3.11 or newer found: set PYTHON_FOR_VENV))" -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --no-compile -r requirements.txt
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --no-compile --no-deps -e .
	@touch $@

# ... and the test and measurement tools on top of it.
$(DEV_STAMP): requirements-dev.txt $(STAMP)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --no-compile -r requirements-dev.txt
	@touch $@

# Mermaid and Puppeteer (package.json's dependencies), which draw the diagrams;
# without npm the build warns and the pages load Mermaid from a CDN. A full
# install (make test's) holds them too, so it is kept.
$(NODE_STAMP): package.json package-lock.json
	@if [ $(NODE_DEV_STAMP) -nt package.json ] && [ $(NODE_DEV_STAMP) -nt package-lock.json ]; then \
		touch $@; \
	elif command -v npm >/dev/null 2>&1; then \
		$(NPM_CI) --omit=dev && $(NO_MAPS) && touch $@; \
	else \
		echo "npm not found: diagrams will load Mermaid from its CDN (install Node.js to self-host it)"; \
	fi

# ... and the devDependencies: axe-core, Lighthouse, the Nu HTML Checker.
$(NODE_DEV_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		$(NPM_CI) && $(NO_MAPS) && touch $@; \
	else \
		echo "npm not found: the tests that need Node.js will be skipped"; \
	fi

# what the builds draw (diagrams, link-preview pictures) is kept across clean builds
# (sphinx_summit/caches.py); `rm -rf .cache` forgets it
BUILD_TARGETS = html dirhtml singlehtml text latex latexpdf epub
$(BUILD_TARGETS): export SUMMIT_DIAGRAM_CACHE ?= $(CURDIR)/.cache/drawings

html dirhtml singlehtml text latex: $(STAMP) $(NODE_STAMP)
	@$(WRITABLE)
	@$(SPHINX)

# The editions: diagrams drawn by sphinx_summit.mermaid (package.json) in Chromium,
# the PDF set by xelatex; README.md, "PDF and EPUB", lists what they need.
# (LaTeX stops at its first error instead of waiting for an answer.)
latexpdf epub: export LATEXMKOPTS ?= -interaction=nonstopmode -halt-on-error
latexpdf epub: $(STAMP) $(NODE_STAMP)
	@$(WRITABLE)
	@$(SPHINX)

epubcheck: epub $(DEV_STAMP)
	$(PYTHON) -m epubcheck "$(BUILDDIR)/epub/summit-notes.epub"

# LinkChecker (internal links, anchors) + Sphinx linkcheck (external links);
# python -m sphinx_summit.linkcheck documents its exit status (75: no network).
linkcheck: html $(DEV_STAMP)
	$(PYTHON) -m sphinx_summit.linkcheck --html "$(BUILDDIR)/html" --builddir "$(BUILDDIR)"

# Store the external results in the link status file the build reads.
linkstatus: html $(DEV_STAMP)
	$(PYTHON) -m sphinx_summit.linkcheck --html "$(BUILDDIR)/html" --builddir "$(BUILDDIR)" \
		--update-status docs/_data/link-status.json

test: $(DEV_STAMP) $(NODE_DEV_STAMP)
	$(PYTHON) -m pytest $(PYTEST_ARGS)

# (one command, no shell between: make is the server's parent, and the server
# ends with it; the environment is kept in $(BUILDDIR)/doctrees, not published)
livehtml: $(DEV_STAMP) $(NODE_STAMP)
	$(PYTHON) -m sphinx_summit.livehtml -c . $(SOURCEDIR) $(BUILDDIR)/html -d $(BUILDDIR)/doctrees \
		--watch ext --watch conf.py $(SPHINXOPTS) $(O)

# Build times at 1x, 5x and 20x the Tokyo summit (takes a while at 20x);
# the table goes to benchmarks/results.json and README.md.
bench: $(STAMP) $(NODE_STAMP)
	$(PYTHON) benchmarks/bench.py --readme $(BENCH_ARGS)

# The search index (Pagefind) at scale; the table goes to benchmarks/search-results.json.
searchbench: $(DEV_STAMP) $(NODE_STAMP)
	$(PYTHON) benchmarks/search_bench.py --scales 1 20 100 --json benchmarks/search-results.json $(SEARCHBENCH_ARGS)

# Lighthouse (pinned in package.json) with Debian's Chromium on the built site,
# served gzip-compressed as Read the Docs serves it; it reports, it does not judge.
lighthouse: $(NODE_DEV_STAMP) html
	$(PYTHON) benchmarks/lighthouse.py --site "$(BUILDDIR)/html" $(LIGHTHOUSE_ARGS)

clean:
	rm -rf "$(BUILDDIR)"

# Start pages: a session page, listed on its day's page (FORMAT defaults to
# talk), or a summit: its summit.yaml, landing page and one page per day.
# python -m sphinx_summit.scaffold refuses bad input with one line, status 2.
# The variables are data: $(value ...) keeps make from expanding them, `arg`
# quotes them for the shell, and they are not exported (make would expand them).
SCAFFOLD_VARIABLES = SUMMIT DAY TITLE FORMAT FOLDER START END SHORT_TITLE PLACE RELEASE CYCLE \
	FROM TRACK ROOM EVENT WITH_BREAKS
unexport $(SCAFFOLD_VARIABLES)
arg = '$(subst ','\'',$(value $1))'
optional = $(if $(value $2),$1=$(call arg,$2))  # (--x=value: a value may start with '-')
SCAFFOLD = $(PYTHON) -m sphinx_summit.scaffold

session: $(STAMP)
	$(if $(and $(value SUMMIT),$(value DAY),$(value TITLE)),,$(error usage: make session SUMMIT=tokyo-2015 DAY=3 TITLE="My talk" [FORMAT=talk]))
	$(SCAFFOLD) session --srcdir="$(SOURCEDIR)" --summit=$(call arg,SUMMIT) --day=$(call arg,DAY) \
		--title=$(call arg,TITLE) $(call optional,--format,FORMAT)

# With FROM (a schedule export: file or http(s) URL), python -m sphinx_summit.schedule
# writes the summit from it, or brings an imported one up to date; TRACK, ROOM, DAY
# and EVENT choose the events (several: separated by ';'), WITH_BREAKS=1 adds breaks.
summit: $(STAMP)
ifneq ($(value FROM),)
	$(if $(value FOLDER),,$(error usage: make summit FOLDER=froscon-2026 FROM=https://.../schedule.json [TRACK=... ROOM=... DAY=... EVENT=... WITH_BREAKS=1]))
	$(PYTHON) -m sphinx_summit.schedule --srcdir="$(SOURCEDIR)" --folder=$(call arg,FOLDER) --from=$(call arg,FROM) \
		$(call optional,--track,TRACK) $(call optional,--room,ROOM) $(call optional,--day,DAY) \
		$(call optional,--event,EVENT) $(if $(value WITH_BREAKS),--with-breaks)
else
	$(if $(and $(value FOLDER),$(value TITLE),$(value START),$(value END)),,$(error usage: make summit FOLDER=austin-2016 TITLE="..." START=YYYY-MM-DD END=YYYY-MM-DD [SHORT_TITLE=... PLACE=... RELEASE=... CYCLE=...], or make summit FOLDER=... FROM=schedule export))
	$(SCAFFOLD) summit --srcdir="$(SOURCEDIR)" --folder=$(call arg,FOLDER) --title=$(call arg,TITLE) \
		--start=$(call arg,START) --end=$(call arg,END) $(call optional,--short-title,SHORT_TITLE) \
		$(call optional,--place,PLACE) $(call optional,--release,RELEASE) $(call optional,--cycle,CYCLE)
endif
