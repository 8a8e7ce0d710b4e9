# The two commands of README.md: `make site` and `make test`. Everything else is behind them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: site pdf offline test bench-pdf check check-pr diff lint-workflows serve clean system-packages catalogs
BASE ?= origin/main

# `factdesk build`: the PDF edition first (the site publishes and links it when it is current), then
# the offline edition, which the site publishes and links too, then the site.
site: $(STAMP) system-packages
	$(BIN)/factdesk build

# The offline edition: the site as files that open from a folder (file://), search included and
# nothing fetched from another host, zipped as build/<name>-offline.zip (Material's offline plugin).
# `factdesk build` makes it too; this target makes it alone.
OFFLINE_NAME = $(shell $(BIN)/python -c 'from pathlib import Path; from factdesk.builds import offline_edition_name; \
	print(offline_edition_name(Path(".")))')
# Each step replaces its output only once the new one is whole (see README.md).
offline: $(STAMP) system-packages
	OFFLINE=true $(BIN)/mkdocs build --strict --site-dir build/offline/$(OFFLINE_NAME)
	$(BIN)/python -m factdesk.editions.archive build/offline/$(OFFLINE_NAME) build/$(OFFLINE_NAME).zip
	@echo "offline edition: build/$(OFFLINE_NAME).zip"

# The interface's catalogs: the template extracted afresh from the sources (babel.cfg says where), each
# language's catalog updated from it. New messages then need their translations (tests/languages).
LOCALES := src/factdesk/languages/locales
catalogs: $(STAMP)
	$(BIN)/pybabel extract --mapping-file babel.cfg --keyword N_ --add-comments Translators: --no-location --omit-header --sort-output \
		--output-file $(LOCALES)/factdesk.pot src/factdesk
	for po in $(LOCALES)/*.po; do \
		$(BIN)/pybabel update --input-file $(LOCALES)/factdesk.pot --output-file $$po --locale $$(basename $$po .po) \
			--omit-header --ignore-obsolete --no-fuzzy-matching || exit 1; \
	done

pdf: $(STAMP) system-packages
	$(BIN)/factdesk pdf

test: $(STAMP) system-packages
	$(BIN)/pytest

# Not part of `make test`: speed is measured, not asserted (see benchmarks/README.md).
bench-pdf: $(STAMP) system-packages
	$(BIN)/python benchmarks/pdf_edition.py --claims 1000 --runs 3

# From Debian's packages: Pango for WeasyPrint, Cairo for the share images' icons (CairoSVG),
# poppler-utils (pdftoppm) for the PDF tests, Chromium and a font for the browser tests (Playwright
# drives Debian's Chromium; it never downloads a browser), and the Noto fonts with which the PDF and
# the share images draw Chinese, Japanese, Korean, Arabic and Hebrew (src/factdesk/editions/fonts.py).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system-packages:
	@if ! command -v pdftoppm >/dev/null || ! ldconfig -p | grep -q libpangoft2-1.0 || ! ldconfig -p | grep -q libcairo.so.2 \
		|| ! [ -x /usr/bin/chromium ] || ! [ -d /usr/share/fonts/truetype/liberation ] \
		|| ! [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] \
		|| ! [ -f /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf ]; then \
		$(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq --no-install-recommends poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libcairo2 \
			chromium fonts-liberation fonts-noto-core fonts-noto-cjk; \
	fi

check: $(STAMP)
	$(BIN)/factdesk check

# What CI runs on a pull request: the checks and the corrections rule against the base branch, and
# the summary of the change. Each has its own format, so that both can run in one make: FORMAT for
# check-pr (text, github or json), DIFF_FORMAT for diff (markdown or text; left empty, factdesk diff
# chooses: text at a terminal, Markdown otherwise). The workflow asks for GitHub's annotations
# (make check-pr FORMAT=github) and for the summary in Markdown (make diff DIFF_FORMAT=markdown).
FORMAT ?= text
DIFF_FORMAT ?=
check-pr: $(STAMP)
	$(BIN)/factdesk check --format $(FORMAT) --base $(BASE)

diff: $(STAMP)
	@$(BIN)/factdesk diff $(if $(DIFF_FORMAT),--format $(DIFF_FORMAT)) $(BASE)

lint-workflows: $(STAMP)
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

# --dirty: after an edit, only the pages whose text changed are built again (see README.md).
serve: $(STAMP)
	$(BIN)/factdesk serve

# The environment is rebuilt when the package's declared or pinned dependencies change.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable '.[test]'
	touch $@

clean:
	rm -rf site $(VENV)
