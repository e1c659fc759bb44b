#!/usr/bin/env bash
# The office formats against their HTML originals, on the same development questions (evals/sets/office.dev.json).
#
#   bash bench/office_eval.sh                 # retrieval only, the four sets (what CI runs): recall@k, MRR
#   bash bench/office_eval.sh full html docx  # the full answer path (local LLM, ~7 s a question) for these formats
#
# The four sets are the suite's office-html, office-docx, office-odt and office-pptx (modes: [retrieval]); a set
# named with --set runs in any mode, so the full path needs no other question file. Each corpus is indexed into
# <data_dir>/sets/office-<format>/ the first time. Reports: evals/reports/office[-full]/<set>/report.md and
# summary.md beside them.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-retrieval}
shift || true
formats=("$@")
[ ${#formats[@]} -gt 0 ] || formats=(html docx odt pptx)
sets=()
for f in "${formats[@]}"; do sets+=(--set "office-$f"); done
if [ "$mode" = full ]; then
  exec flock /tmp/askcloud-cpu.lock .venv/bin/askcloud eval "${sets[@]}" --out evals/reports/office-full
else
  exec .venv/bin/askcloud eval --retrieval-only "${sets[@]}" --out evals/reports/office
fi
