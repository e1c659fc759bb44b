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

.PHONY: run test setup model index unit integration eval-gate browser ocr clean

run: setup ocr model index
	$(ASKCLOUD) serve

test: setup ocr model browser
	bash scripts/test.sh

setup: $(STAMP)

# llama-cpp-python is compiled once per machine for its own CPU (-march=native), but never with AMX: on a CPU that
# has it (Sapphire Rapids) llama.cpp's AMX kernels crash on the first Q4_K_M decode (ggml-org/llama.cpp#20824);
# without them the AVX-512 kernels run (prompt 97 tokens/s against 74 for a plain AVX2 build, same machine).
# The wheel is kept under ~/.cache/askcloud/wheels/, in a folder named after these flags: pip's own wheel cache
# does not know the flags and would hand back a wheel built with others.
LLAMA_VERSION := 0.3.36
LLAMA_CMAKE := -DLLAVA_BUILD=OFF
NO_AMX := -mno-amx-tile -mno-amx-int8 -mno-amx-bf16
# Only where the compiler knows the options (gcc ≥ 11); an older one knows no AMX either.
LLAMA_CFLAGS := $(shell echo 'int main(void){return 0;}' | $${CC:-cc} $(NO_AMX) -x c -o /dev/null - 2>/dev/null && echo '$(NO_AMX)')
# A native wheel fits one Python and one CPU: both name its folder, with the flags.
PY_TAG := $(shell $(PYTHON) -c 'import sys; print(sys.implementation.cache_tag)' 2>/dev/null)
CPU_FLAGS := $(shell grep -m1 -E '^(flags|Features)' /proc/cpuinfo 2>/dev/null)
LLAMA_KEY := $(LLAMA_VERSION) $(LLAMA_CMAKE) $(LLAMA_CFLAGS) $(PY_TAG) $(CPU_FLAGS)
WHEELS := $(HOME)/.cache/askcloud/wheels/$(shell echo '$(LLAMA_KEY)' | sha256sum | cut -c1-12)

# CPU torch first and pinned (anything unpinned would pull a CUDA build), then llama-cpp-python from the wheel
# built with the flags above, then every other dependency from the lock.
$(STAMP): pyproject.toml constraints.txt Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet torch==2.13.0
	ls $(WHEELS)/llama_cpp_python-$(LLAMA_VERSION)-*.whl >/dev/null 2>&1 || CMAKE_ARGS="$(LLAMA_CMAKE)" \
		CFLAGS="$(LLAMA_CFLAGS)" CXXFLAGS="$(LLAMA_CFLAGS)" $(PIP) wheel --quiet --no-deps --no-cache-dir -w $(WHEELS) llama-cpp-python==$(LLAMA_VERSION)
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

# Debian's Tesseract and its French and English data, for the text of scanned PDF pages (corpus/loaders/ocr.py).
ocr:
	@command -v tesseract >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng >/dev/null; }

clean:
	rm -rf $(VENV) .askcloud
