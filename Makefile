# The two set-up commands of the README. Each installs what is missing, then runs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := web_client/node_modules/.installed

.PHONY: run class test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The browser client's packages come from the npm registry and are served by the server itself.
$(NODE_STAMP): web_client/package.json web_client/package-lock.json
	cd web_client && npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

run: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/crisis-table serve

# For a class: every network interface, so students' devices reach it (README: Running a class).
class: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/crisis-table serve --lan

test: $(STAMP) $(NODE_STAMP)
	bash scripts/test-services.sh
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) bench/engine.py

clean:
	rm -rf $(VENV) build *.egg-info web_client/node_modules
