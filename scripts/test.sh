#!/usr/bin/env bash
# The test command: unit tests, integration tests (real models, Chroma embedded and server, local LLM, browser),
# then the evaluation gate on every question set of evals/suite.yaml, each on its own corpus and thresholds
# (retrieval on every set, then the full answer path with the local model on every set). Reports:
# evals/reports/ci-{retrieval,full}/<set>/report.md and summary.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False HF_HUB_DISABLE_PROGRESS_BARS=1
export ANONYMIZED_TELEMETRY=False
PY=.venv/bin/python
ASKCLOUD=.venv/bin/askcloud

start=$(date +%s)
$PY -m pytest -m "not integration" -q
$PY -m pytest -m integration -q
tests_done=$(date +%s)

$ASKCLOUD index
$ASKCLOUD eval --retrieval-only --out evals/reports/ci-retrieval
retrieval_done=$(date +%s)
$ASKCLOUD eval --out evals/reports/ci-full
end=$(date +%s)
echo "timing: tests $((tests_done - start)) s, evaluation gate $((end - tests_done)) s" \
     "(retrieval $((retrieval_done - tests_done)) s, full $((end - retrieval_done)) s)"
