# The two commands of README.md: `make site` and `make test`. Everything else is behind them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check check-pr diff lint-workflows serve clean
BASE ?= origin/main

site: $(STAMP)
	$(BIN)/mkdocs build --strict

test: $(STAMP)
	$(BIN)/pytest

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
