# jianpin: `make demo` runs the demo county; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/jianpin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test test-sqlite test-postgres install system-deps lint lint-check clean

$(BIN)/.installed: pyproject.toml jianpin/uploads/_xlsxc.c jianpin/uploads/_xlsxc_values.h jianpin/uploads/_xlsxc_rows.h
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	touch $@

install: $(BIN)/.installed

# Debian packages: chromium for browser tests (chromium-l10n: its locale files, without which
# date inputs show mm/dd/yyyy whatever the test's locale), CJK fonts for screenshots, a
# TrueType CJK font that PDFs embed (Noto CJK has CFF outlines, which ReportLab cannot embed), poppler's
# pdftoppm for the PDF rendering test, a Java runtime for the Spark engine, gettext's msgfmt
# to compile the translation catalogues (and to test that the committed ones are current).
system-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -f /usr/lib/chromium/locales/zh-CN.pak ] || [ ! -d /usr/share/fonts/opentype/noto ] || ! command -v java >/dev/null \
			|| [ ! -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || ! command -v pdftoppm >/dev/null \
			|| ! command -v msgfmt >/dev/null; then \
		$(SUDO) apt-get update -q && \
		$(SUDO) apt-get install -y -q chromium chromium-l10n fonts-noto-cjk fonts-wqy-zenhei poppler-utils default-jre-headless \
			gettext; \
	fi

# DEMO_ARGS passes options on, e.g. make demo DEMO_ARGS="--addrport 127.0.0.1:8001"
demo: install
	$(BIN)/jianpin demo $(DEMO_ARGS)

test: install system-deps
	$(MAKE) lint-check
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

# Lint, the layer contract (.importlinter) and strict types: part of the test run.
lint-check:
	$(BIN)/ruff check jianpin config bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy --strict jianpin/kernel jianpin/rules jianpin/screening jianpin/workflows \
		jianpin/registry jianpin/assistance jianpin/standards jianpin/indicators \
		jianpin/projects jianpin/villages jianpin/jobs jianpin/accounts jianpin/web jianpin/ops \
		jianpin/library

# A bare `pytest` skips the slow tests (addopts in pyproject); `-m ""` here runs them all.
test-sqlite:
	$(BIN)/pytest -q -m ""

test-postgres:
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -m "not spark"

lint: install lint-check

clean:
	rm -rf $(VENV) var
