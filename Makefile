# policykg: two commands on a fresh machine.
#   make demo   set up .venv, build the graph of sources/ into out/
#   make test   set up .venv with the test extras, lint, run the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/policykg build sources --out out
	@echo
	@echo "Graph (Turtle):      out/graph.ttl"
	@echo "Interactive page:    out/graph.html  (open it in a browser: file://$(CURDIR)/out/graph.html)"
	@echo "Report:              out/report.md"

test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests

format: $(STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

clean:
	rm -rf out .pytest_cache build dist
