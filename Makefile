# policykg: two commands on a fresh machine.
#   make demo   set up .venv, build the graph of sources/ into out/
#   make test   set up .venv with the test extras, lint, run the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint format clean system-deps bench

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
	@echo "Rule coverage:       out/coverage.md"

# The benchmark suite: stage figures and baselines on a generated corpus (SIZE=50MB for more).
SIZE ?= 1MB
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@mkdir -p out
	$(BIN)/python bench/run.py --size $(SIZE) --json out/bench-$(SIZE).json

# rapper (raptor2-utils) is the independent Turtle parser the end-to-end tests check graph.ttl with;
# Virtuoso (virtuoso-opensource-7-bin) the SPARQL store the tests of --endpoint load and query.
system-deps:
	@{ command -v rapper >/dev/null 2>&1 && command -v virtuoso-t >/dev/null 2>&1; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends raptor2-utils virtuoso-opensource-7-bin >/dev/null); \
	  else echo "install raptor2-utils (rapper) and virtuoso-opensource-7-bin for the tests"; \
	    exit 1; fi; }

test: $(STAMP) system-deps
	$(BIN)/ruff check src tests tools bench
	$(BIN)/ruff format --check src tests tools bench
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests tools bench

format: $(STAMP)
	$(BIN)/ruff format src tests tools bench
	$(BIN)/ruff check --fix src tests tools bench

clean:
	rm -rf out .pytest_cache build dist
