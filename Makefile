# The two commands of README.md: `make site` and `make test`. Everything else is behind them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: site pdf test bench-pdf check check-pr diff lint-workflows serve clean system-packages
BASE ?= origin/main

# The PDF edition first: the site publishes and links it when it is current.
site: pdf
	$(BIN)/mkdocs build --strict

pdf: $(STAMP) system-packages
	$(BIN)/factdesk pdf

test: $(STAMP) system-packages
	$(BIN)/pytest

# Not part of `make test`: speed is measured, not asserted (see benchmarks/README.md).
bench-pdf: $(STAMP) system-packages
	$(BIN)/python benchmarks/pdf_edition.py --claims 1000 --runs 3

# From Debian's packages: Pango for WeasyPrint, Cairo for the share images' icons (CairoSVG),
# poppler-utils (pdftoppm) for the PDF tests.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system-packages:
	@if ! command -v pdftoppm >/dev/null || ! ldconfig -p | grep -q libpangoft2-1.0 || ! ldconfig -p | grep -q libcairo.so.2; then \
		$(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq --no-install-recommends poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libcairo2; \
	fi

check: $(STAMP)
	$(BIN)/factdesk check

# What CI runs on a pull request: annotations, and the corrections rule against the base branch.
check-pr: $(STAMP)
	$(BIN)/factdesk check --format github --base $(BASE)

diff: $(STAMP)
	@$(BIN)/factdesk diff $(BASE)

lint-workflows: $(STAMP)
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

serve: $(STAMP)
	$(BIN)/mkdocs serve

# The environment is rebuilt when the package's declared or pinned dependencies change.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable '.[test]'
	touch $@

clean:
	rm -rf site $(VENV)
