# Two commands do all the set-up: `make run` (the web chat) and `make test` (every test, then the eval gate).
# Everything lands in .venv/ and .askcloud/; a second run reuses them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
ASKCLOUD := $(VENV)/bin/askcloud
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE=1
export TRANSFORMERS_OFFLINE=1
export GRADIO_ANALYTICS_ENABLED=False
export HF_HUB_DISABLE_PROGRESS_BARS=1
export ANONYMIZED_TELEMETRY=False

.PHONY: run test setup model index unit integration eval-gate browser clean

run: setup model index
	$(ASKCLOUD) serve

test: setup model browser
	bash scripts/test.sh

setup: $(STAMP)

# CPU torch first and pinned (anything unpinned would pull a CUDA build), then every dependency from the lock.
# llama-cpp-python is compiled once; pip caches the wheel for later runs.
$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet torch==2.13.0
	CMAKE_ARGS="-DLLAVA_BUILD=OFF" $(PIP) install --quiet -c constraints.txt -e '.[dev]'
	touch $@

model: setup
	$(ASKCLOUD) models

index: setup
	$(ASKCLOUD) index

# Debian's Chromium for the browser tests (never `playwright install`: it downloads a browser).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

clean:
	rm -rf $(VENV) .askcloud
