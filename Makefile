# The single way to run things. Both targets set themselves up on a fresh machine
# with only Python >= 3.11: they create .venv/ and install lokus into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The demo needs lokus alone; the tests, lint and benchmarks add the developer tools (pytest, ruff, mypy,
# Playwright, PySpark …), which an analyst trying the demo should not have to download.
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(DEV_STAMP)

demo: $(STAMP)
	$(BIN)/lokus demo

test: $(DEV_STAMP)
	$(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

docs: $(STAMP)
	$(BIN)/python -m lokus.cli._docs > docs/reference/cli.md

bench: $(DEV_STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) lokus.duckdb demo-output
