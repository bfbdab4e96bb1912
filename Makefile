# Everything a fresh machine needs goes through these targets: `make run`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.install-stamp

.PHONY: install run test lint format typecheck schema bench clean-db

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# On the very first run the embedded database gets the fictional demo series
# (marked synthetic), so a new user sees trends and gaps at once.
run: install
	@test -e db/ctcap.sqlite || $(BIN)/ctcap --db db/ctcap.sqlite demo
	$(BIN)/ctcap --db db/ctcap.sqlite

test: install lint
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/ctcap checklists schema --check
	$(BIN)/ctcap checklists validate

format: install
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

typecheck: install
	$(BIN)/mypy

schema: install
	$(BIN)/ctcap checklists schema

# A synthetic portfolio of 195 countries × 20 rounds in a throwaway database;
# writes benchmarks/RESULTS.md. BENCH_ARGS="--countries 3 --rounds 2" for a smoke run.
bench: install
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)
