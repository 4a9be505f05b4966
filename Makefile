# The two commands of the README:
#   make serve   set up, build the graph if its inputs changed, and serve http://127.0.0.1:8000/sparql
#   make test    set up, and run the whole test suite (what CI runs, via .ci/run)
# Each does its own set-up: Debian packages it needs (when run as root), a virtual environment in .venv,
# and the project installed into it with pinned dependencies.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
DATA   ?= var
export ALLIANCE_KG_DATA := $(abspath $(DATA))

GRAPH_INPUTS := $(wildcard seeds/* seeds/annotations/*.yaml ontology/*.ttl ontology/*.py loaders/*.py store/*.py)

.PHONY: serve test check imports types build lint docs screenshots java front system-deps clean help
.DEFAULT_GOAL := help

help:
	@echo "make serve   run the SPARQL endpoint on http://$(HOST):$(PORT)/sparql (sets up and builds as needed)"
	@echo "make test    run the whole test suite (sets up as needed)"
	@echo "make check   the quick target: lint, contracts, types and the fast tests (under a minute)"
	@echo "make build   rebuild the graph from the sources folder seeds/"
	@echo "make lint    ruff: the lints and the layout (ruff format --check)"
	@echo "make docs    build the documentation site (docs/, mkdocs.yml) into site/, strictly: a broken link fails"
	@echo "make screenshots  retake docs/images/*.png (the timeline, a neighbourhood graph) in headless Chromium"

serve: $(DATA)/.built | front
	$(BIN)/alliance-kg serve --host $(HOST) --port $(PORT)

build: $(DATA)/.built

test: $(BIN)/.installed system-deps docs imports types
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

# The quick target (under a minute when the graph's inputs are unchanged): lint and layout, the import contracts, the public API's
# types, and the tests not marked slow/browser/virtuoso/load (pyproject.toml: a test over a second is slow), on every
# core (pytest-xdist). The tests' graph is reused from pytest's cache while what the build reads is unchanged.
check: $(BIN)/.installed java imports types
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q -n auto -m "not slow and not browser and not virtuoso and not load"

# The import contracts of pyproject.toml (rooms one way, server/'s layers, no cycles), checked on the installed
# layout that .ci/package_tree.py lays out (import-linter reads files by path and follows no package-dir).
imports: $(BIN)/.installed
	@$(BIN)/python .ci/package_tree.py >/dev/null
	cd build/package-tree && ../../$(BIN)/lint-imports ../../pyproject.toml

# The public API's types (pyproject.toml [tool.mypy]), on the same installed layout.
types: imports
	cd build/package-tree && ../../$(BIN)/mypy --config-file ../../pyproject.toml

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Strict (mkdocs.yml): a warning — a broken link or anchor, a page missing from the nav — fails the build.
# NO_MKDOCS_2_WARNING quiets Material's banner (its end of life is 2027-05-05; its successor, Zensical, reads the
# same mkdocs.yml), which would otherwise open every run's log.
docs: $(BIN)/.installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

# The documentation's pictures of the timeline and of an entity's neighbourhood graph (tests/screenshots.py), taken in
# headless Chromium from a live server on 127.0.0.1 on the current build.
screenshots: $(DATA)/.built system-deps
	$(BIN)/python tests/screenshots.py --data $(DATA) --out docs/images

$(DATA)/.built: $(BIN)/.installed $(GRAPH_INPUTS) | java
	$(BIN)/alliance-kg build
	@touch $@

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version)); set PYTHON=python3.x"; exit 1; }
	@$(PYTHON) -m venv --help >/dev/null 2>&1 && $(PYTHON) -c 'import ensurepip' 2>/dev/null || $(call apt,python3-venv)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# Java runs the OWL reasoner (HermiT, shipped with owlready2), and nginx is the front of `alliance-kg serve`
# (server/front.py): all `make serve` needs. For the tests also: headless Chromium and its driver (browser tests);
# Virtuoso, the real SPARQL store of tests/test_remote_backend.py (the `sparql` backend) and bench/'s reference; wrk,
# which drives the load test (tests/test_load.py). Debian's nginx package also enables its own default site on
# port 80 where systemd runs services; `alliance-kg serve` uses only the binary (`systemctl disable --now nginx`).
java:
	@command -v java >/dev/null 2>&1 || $(call apt,default-jre-headless)

front:
	@{ command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || $(call apt,nginx)

system-deps: java front
	@{ command -v chromium >/dev/null 2>&1 && [ -x /usr/bin/chromedriver ]; } || $(call apt,chromium chromium-driver)
	@command -v wrk >/dev/null 2>&1 || $(call apt,wrk)
	@{ command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; } || $(call apt,virtuoso-opensource)

define apt
	{ [ "$$(id -u)" = 0 ] || { echo "missing Debian package $(1): run 'sudo apt-get install $(1)' and try again"; exit 1; }; \
	  echo "installing Debian package $(1)"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; }
endef

clean:
	rm -rf $(VENV) $(DATA) site build .pytest_cache .ruff_cache .mypy_cache *.egg-info
