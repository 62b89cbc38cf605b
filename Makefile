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

# The suite runs on every core (at most 4 workers), a test file per worker at a time (module fixtures such as
# the browser tests' web server and the Spark session stay in one process).
test: $(DEV_STAMP)
	$(BIN)/python -m pytest -n auto --maxprocesses 4 --dist loadfile

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

docs: $(STAMP)
	$(BIN)/python -m lokus.cli._docs > docs/reference/cli.md

bench: $(DEV_STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) lokus.duckdb demo-output
