# The two set-up commands of the README. Each installs what is missing, then runs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := web_client/node_modules/.installed
# Every Python package pinned with its hashes: requirements-dev.lock for development and tests,
# requirements.lock (the same versions, no test tools) for the Docker image. `make lock` makes
# both again from pyproject.toml; pip installs nothing that is not in the lock (--no-deps) and
# nothing whose hash differs (--require-hashes), and builds this project with the locked setuptools.
LOCK := requirements-dev.lock
UV := uv==0.13.9
UV_COMPILE = $(VENV)/bin/uv pip compile pyproject.toml - --generate-hashes --universal --python-version 3.11 --quiet

.PHONY: run class test lock bench clean

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

lock: $(STAMP)
	$(PY) -m pip install --quiet $(UV)
	echo "setuptools>=68" | $(UV_COMPILE) --extra test -o requirements-dev.lock
	echo "setuptools>=68" | $(UV_COMPILE) -c requirements-dev.lock -o requirements.lock

# The browser client's packages come from the npm registry and are served by the server itself.
$(NODE_STAMP): web_client/package.json web_client/package-lock.json
	cd web_client && npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

run: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/crisis-table serve

# For a class: every network interface, so students' devices reach it (README: Running a class).
class: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/crisis-table serve --lan

# Static checks first: ruff (pyproject.toml's rule set) and mypy (strict on game_rules/).
test: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	bash scripts/test-services.sh
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) bench/engine.py

clean:
	rm -rf $(VENV) build *.egg-info web_client/node_modules
