# Two commands on a fresh machine: `make demo` (set up, run on the bundled sample corpus) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= recoupe-out

.PHONY: install demo test lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/recoupe run corpus/seeds --db recoupe.db --out $(OUT)
	@echo "open $(OUT)/briefing.md, or $(OUT)/export.json"

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: install
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) recoupe.db $(OUT) .mypy_cache .ruff_cache .pytest_cache
