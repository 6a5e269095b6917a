# Two commands for a newcomer: `make run` and `make test`. Each sets up .venv by itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench practice-check clean

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

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python benchmarks/core_bench.py
	$(BIN)/python benchmarks/ui_bench.py
	$(BIN)/python benchmarks/practice_bench.py

# The practice tests at the issue's counts (50 seeds per case, 100 problems per mistake), then
# generate + check timed; `make test` runs the same tests on fewer seeds.
practice-check: $(STAMP)
	BACKPROP_PRACTICE_FULL=1 $(BIN)/python -m pytest tests/test_practice_generate.py \
		tests/test_practice_mistakes.py tests/test_practice_exam.py -n 2
	$(BIN)/python benchmarks/practice_bench.py

clean:
	rm -rf $(VENV) build *.egg-info
