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

# llama-cpp-python is compiled once per machine, never with -march=native: on a CPU with AMX (Sapphire Rapids) a
# native build runs llama.cpp's AMX kernels, which crash on the first Q4_K_M decode (ggml-org/llama.cpp#20824).
# On x86_64 the build targets x86-64-v3 (AVX2, FMA, F16C), which every x86 server of the last decade has.
# The wheel is kept under ~/.cache/askcloud/wheels/, in a folder named after these flags: pip's own wheel cache
# does not know the flags and would hand back a wheel built with others.
LLAMA_VERSION := 0.3.36
ifeq ($(shell uname -m),x86_64)
LLAMA_CMAKE := -DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
else
LLAMA_CMAKE := -DLLAVA_BUILD=OFF
endif
WHEELS := $(HOME)/.cache/askcloud/wheels/$(shell echo '$(LLAMA_VERSION) $(LLAMA_CMAKE)' | sha256sum | cut -c1-12)

# CPU torch first and pinned (anything unpinned would pull a CUDA build), then llama-cpp-python from the wheel
# built with the flags above, then every other dependency from the lock.
$(STAMP): pyproject.toml constraints.txt Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet torch==2.13.0
	ls $(WHEELS)/llama_cpp_python-$(LLAMA_VERSION)-*.whl >/dev/null 2>&1 || CMAKE_ARGS="$(LLAMA_CMAKE)" \
		$(PIP) wheel --quiet --no-deps --no-cache-dir -w $(WHEELS) llama-cpp-python==$(LLAMA_VERSION)
	$(PIP) install --quiet --force-reinstall --no-deps $(WHEELS)/llama_cpp_python-$(LLAMA_VERSION)-*.whl
	$(PIP) install --quiet -c constraints.txt --find-links $(WHEELS) --only-binary llama-cpp-python -e '.[dev]'
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
