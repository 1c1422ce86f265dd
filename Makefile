# Quick start: `make demo` (set up + analyse the example), `make test` (set up + run tests).
PY ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
DATA ?= ../shared/data

.PHONY: setup demo test lint bench bench-attribution bench-speed clean

$(BIN)/sourcetrace: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/sourcetrace

setup: $(BIN)/sourcetrace

demo: setup
	$(BIN)/sourcetrace analyze examples/article-port-strike.txt --format text

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check sourcetrace tests benchmarks
	$(BIN)/mypy sourcetrace

bench: bench-attribution bench-speed

bench-attribution: setup
	$(BIN)/python -m benchmarks.attribution --data $(DATA)/polnear --split dev

bench-speed: setup
	$(BIN)/python -m benchmarks.speed --data $(DATA)/ptc/train-articles --limit 200

clean:
	rm -rf $(VENV) build *.egg-info
