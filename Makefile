# Two entry points that work on a fresh machine with Python 3.11+:
#   make demo   set up .venv and chat with the bot on the embedded PerfectGym sandbox
#   make test   set up .venv and run the lint and the whole test suite
# .venv is installed from requirements.lock (exact versions with hashes, compiled from
# pyproject.toml with the dev and charts extras); make lock refreshes it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements.lock
# The suite runs on this many pytest-xdist workers: the real-process tests mostly wait on
# real time (Telegram's pace, a killed replica), so two workers on two cores overlap them with
# the rest. WORKERS=0 runs it in one process.
WORKERS ?= 2
PIP_VERSION := $(shell sed -n 's/^pip==\([^ ]*\).*/\1/p' $(LOCK))

.PHONY: demo test lock bench profile sandbox clean postgres-binaries

$(BIN)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'pip==$(PIP_VERSION)'
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

demo: $(BIN)/.installed
	$(BIN)/upsell-bot demo

test: $(BIN)/.installed postgres-binaries
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bot conversations adapters testing bench
	$(BIN)/python -m pytest -n $(WORKERS) --dist worksteal --cov --cov-report=term

# Compile requirements.lock from pyproject.toml: every dependency and extra, pinned with
# hashes, for Python 3.11 and later on any platform. Commit the result.
lock: $(BIN)/.installed
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra charts --generate-hashes \
		--python-version 3.11 --universal --custom-compile-command "make lock" \
		--quiet -o $(LOCK)

# The PostgreSQL tests start a throwaway server from Debian's postgresql package.
postgres-binaries:
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's postgresql package for the PostgreSQL tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else echo "PostgreSQL server binaries missing: install Debian's postgresql package (sudo apt-get install postgresql)"; exit 1; fi

bench: $(BIN)/.installed
	$(BIN)/python bench/run.py

# pyinstrument over our Telegram path: profile.html / profile.txt, the top entries printed
profile: $(BIN)/.installed
	$(BIN)/python bench/profile.py --out profile

sandbox: $(BIN)/.installed
	$(BIN)/upsell-bot sandbox --port 8089

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache .coverage
