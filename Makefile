# The two commands of the README:
#   make report   set up (.venv with the pinned packages, system packages) and build the report
#   make test     the same set-up, then the test suite
# Options: make report COUNTRY=KAZ PEERS=KGZ,UZB EDITION=2024 LANGUAGES=en,mn FORCE=1
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Chromium prints the policy brief to PDF; DejaVu covers Latin and Cyrillic; poppler checks PDFs.
APT_PACKAGES := chromium fonts-dejavu-core poppler-utils

BUILD_ARGS := $(if $(COUNTRY),--country $(COUNTRY)) $(if $(EDITION),--edition $(EDITION)) \
	$(if $(PEERS),--peers $(PEERS)) $(if $(LANGUAGES),--languages $(LANGUAGES)) $(if $(FORCE),--force)

.PHONY: report test setup system-packages clean distclean

report: setup
	$(BIN)/python -m egovreport build $(BUILD_ARGS)

test: setup
	$(BIN)/python -m pytest

setup: system-packages $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
		{ echo "error: Python 3.11 is needed (found $$($(PYTHON) --version 2>&1)); set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

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
	rm -rf build book/_build book/_build.* book/generated .pytest_cache
	find data/processed -mindepth 1 ! -name README.md -delete 2>/dev/null || true

distclean: clean
	rm -rf $(VENV)
