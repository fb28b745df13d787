# The summit-notes site, in the style of sphinx-quickstart's Makefile.
# The first target that needs Python creates .venv and installs the pinned
# requirements into it; later runs reuse it (it is refreshed when a
# requirements file changes).

SPHINXOPTS    ?= -W --keep-going -n
SOURCEDIR     = docs
BUILDDIR      = _build
VENV          ?= .venv
PYTHON        = $(VENV)/bin/python
SPHINXBUILD   = $(PYTHON) -m sphinx
STAMP         = $(VENV)/.installed
NODE_STAMP    = node_modules/.package-lock.json
SPHINX        = $(SPHINXBUILD) -M $@ "$(SOURCEDIR)" "$(BUILDDIR)" -c . $(SPHINXOPTS) $(O)

.PHONY: help html dirhtml singlehtml text latex test livehtml linkcheck clean

help:
	@echo "Targets:"
	@echo "  html        the site in $(BUILDDIR)/html (warnings are errors)"
	@echo "  test        the test suite (pytest): extension, site, browser, Read the Docs build"
	@echo "  livehtml    rebuild and reload in the browser on every change (sphinx-autobuild)"
	@echo "  linkcheck   check external links (Sphinx's linkcheck builder)"
	@echo "  dirhtml singlehtml text latex   the other Sphinx builders, same options"
	@echo "  clean       remove $(BUILDDIR) (the virtual environment stays)"
	@echo "Variables: SPHINXOPTS='$(SPHINXOPTS)'  O='extra sphinx-build options'  PYTEST_ARGS"

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# Mermaid, pinned in package.json, served from the site; without npm the
# build warns and the pages load the same version from a CDN.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --ignore-scripts --loglevel=error; \
	else \
		echo "npm not found: diagrams will load Mermaid from its CDN (install Node.js to self-host it)"; \
	fi

html dirhtml singlehtml text latex: $(STAMP) $(NODE_STAMP)
	$(SPHINX)

linkcheck: $(STAMP)
	$(SPHINXBUILD) -M linkcheck "$(SOURCEDIR)" "$(BUILDDIR)" -c . $(O)

test: $(STAMP) $(NODE_STAMP)
	$(PYTHON) -m pytest $(PYTEST_ARGS)

livehtml: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/sphinx-autobuild -c . "$(SOURCEDIR)" "$(BUILDDIR)/html" \
		--watch ext --watch conf.py $(SPHINXOPTS) $(O)

clean:
	rm -rf "$(BUILDDIR)"
