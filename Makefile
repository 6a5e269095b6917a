# Two commands for a newcomer: `make run` and `make test`. Each sets up .venv by itself, with the
# exact versions of constraints.txt (pyproject.toml gives users ranges).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXTRAS := test,dev

.PHONY: run test test-all lint fuzz bench practice-check formula-fuzz lesson-scan clean

$(STAMP): pyproject.toml constraints.txt
	@if command -v uv >/dev/null 2>&1; then \
		uv venv --quiet $(VENV) && \
		uv pip install --quiet --python $(BIN)/python -c constraints.txt -e '.[$(EXTRAS)]'; \
	else \
		$(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install --quiet --upgrade pip && \
		$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[$(EXTRAS)]'; \
	fi
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/backprop-tui $(ARGS)

# Bytecode caching on even where the environment turns it off (PYTHONDONTWRITEBYTECODE): each
# pytest worker otherwise recompiles and re-rewrites every module and test (~2.5 s a worker).
unexport PYTHONDONTWRITEBYTECODE

# The quick suite while you work (everything not marked slow: see tests/conftest.py): ~30 s on
# 2 cores. Its tests compute rather than wait (tests/settled.py), so one worker per core: a third
# worker on 2 cores took longer (54 s against 35 s, measured back to back).
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not slow and not formula_fuzz"

# Everything, as CI runs it: also the real servers, the browser, the ptys, the fuzz subsets and
# every lesson's screen-text walk: ~1.5 min on 2 cores (4 workers took longer: 95 s against 90 s).
test-all: $(STAMP)
	$(BIN)/python -m pytest -n 2

# The formula parser's full fuzz: 20,000 random and hostile strings, and the slowest one's time.
formula-fuzz: $(STAMP)
	$(BIN)/python -m pytest tests/test_formula_fuzz.py -m formula_fuzz -n 0 -s -q

# The fuzz tests at full size (tests/fuzz: 20,000 answers, 500 network and 500 lesson files,
# 200 kills during saves, random keys through the app); `make test` runs a small subset of each.
fuzz: $(STAMP)
	BACKPROP_FUZZ=1 timeout 1200 $(BIN)/python -m pytest tests/fuzz -n 2 -p no:cacheprovider

# Issue 9's screen-text scan at full size: every shipped lesson, solved in order and skipped, at
# 120x40 and 80x24, every key the help lists at every exercise; prints each unsolved answer it
# finds on screen (`make test` runs a short walk of it, tests/test_no_leak.py).
lesson-scan: $(STAMP)
	$(BIN)/python tests/leak_scan.py $(ARGS)

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
