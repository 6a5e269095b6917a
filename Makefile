# Two commands for a newcomer: `make run` and `make test`. Each sets up .venv by itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint fuzz bench clean

$(STAMP): pyproject.toml
	@if command -v uv >/dev/null 2>&1; then \
		uv venv --quiet $(VENV) && uv pip install --quiet --python $(BIN)/python -e '.[test]'; \
	else \
		$(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install --quiet --upgrade pip && \
		$(BIN)/python -m pip install --quiet -e '.[test]'; \
	fi
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/backprop-tui $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest

# The fuzz tests at full size (tests/fuzz: 20,000 answers, 500 network and 500 lesson files,
# 200 kills during saves, random keys through the app); `make test` runs a small subset of each.
fuzz: $(STAMP)
	BACKPROP_FUZZ=1 timeout 1200 $(BIN)/python -m pytest tests/fuzz -n 2 -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python benchmarks/core_bench.py
	$(BIN)/python benchmarks/ui_bench.py

clean:
	rm -rf $(VENV) build *.egg-info
