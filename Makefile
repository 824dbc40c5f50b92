# The two commands of the README:
#   make report   set up (.venv with the pinned packages, system packages) and build the report
#   make test     the same set-up (+ axe-core from npm), then the test suite
# Options: make report COUNTRY=KAZ PEERS=KGZ,UZB EDITION=2024 LANGUAGES=en,mn FORCE=1
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core (npm, pinned by package-lock.json) for the accessibility tests
AXE_STAMP := node_modules/.package-lock.json
# cffconvert validates CITATION.cff in the tests; its pins conflict with requirements.txt
# (jsonschema<4), so it lives in its own environment (requirements-cffconvert.txt)
CFF_VENV := .venv-cffconvert
CFF_STAMP := $(CFF_VENV)/.installed
# Chromium prints the policy brief to PDF; DejaVu covers Latin and Cyrillic; poppler checks PDFs.
APT_PACKAGES := chromium fonts-dejavu-core poppler-utils

# User values reach the shell only single-quoted ($(call quote,...)), taken with $(value ...)
# so that make itself never expands them either: `make report COUNTRY='MNG; touch x'` or
# COUNTRY='$(shell ...)' is passed as one literal argument, which the pipeline then rejects
# (exit 2, one line naming the parameter) before anything runs.
# (make exports command-line variables to every recipe's environment, expanding them first:
# the user values are not exported.)
USER_VALUES := COUNTRY EDITION PEERS LANGUAGES FORCE
unexport $(USER_VALUES)
define newline


endef
$(foreach v,$(USER_VALUES),$(if $(findstring $(newline),$(value $(v))),\
	$(error $(v): a value cannot contain a line break)))
quote = '$(subst ','\'',$(1))'
option = $(if $(value $(1)),$(2) $(call quote,$(value $(1))))
BUILD_ARGS = $(call option,COUNTRY,--country) $(call option,EDITION,--edition) \
	$(call option,PEERS,--peers) $(call option,LANGUAGES,--languages) $(if $(value FORCE),--force)

.PHONY: report test setup system-packages clean distclean

report: setup
	$(BIN)/python -m egovreport build $(BUILD_ARGS)

# Unit and fixture tests on both cores (pytest-xdist), then the tests that build the real report
# or drive Chromium, in one process (they share one built report per session).
test: setup $(AXE_STAMP) $(CFF_STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser" -n 2
	$(BIN)/python -m pytest -m "slow or browser" --durations=15

setup: system-packages $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
		{ echo "error: Python 3.11 is needed (found $$($(PYTHON) --version 2>&1)); set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

$(CFF_STAMP): requirements-cffconvert.txt
	$(PYTHON) -m venv $(CFF_VENV)
	$(CFF_VENV)/bin/python -m pip install --disable-pip-version-check -r requirements-cffconvert.txt
	touch $(CFF_STAMP)

# npm ci only when node_modules is missing or older than the lock file (idempotent).
$(AXE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm; \
		else echo "error: npm is needed for the accessibility tests: sudo apt-get install nodejs npm"; exit 1; fi; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(AXE_STAMP)

# Installs missing Debian packages when run as root; otherwise says what to install.
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing system packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
		else \
			echo "note: system packages missing:$$missing (needed for the PDF brief)."; \
			echo "      install them with: sudo apt-get install$$missing"; \
		fi; \
	fi

# Removes everything the build made (the virtual environment stays; see distclean).
clean:
	rm -rf build book/_build book/_build.* book/generated .pytest_cache test-artifacts
	find data/processed -mindepth 1 ! -name README.md -delete 2>/dev/null || true

distclean: clean
	rm -rf $(VENV) $(CFF_VENV) node_modules
