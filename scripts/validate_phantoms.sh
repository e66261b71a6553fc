#!/usr/bin/env bash
# The phantom validation of docs/validation.md: a test set with another seed and wider ranges
# than the training set (--preset test --seed 2), batch with the built-in (default) model,
# validate against the phantom truth. With DOCS=1 the ROC and calibration plots are copied into
# docs/img/ for docs/validation.md.
#
# Usage: scripts/validate_phantoms.sh [N]
#   env RIMSCAN_BIN (default build/src/cli/rimscan), WORK (default a new temporary folder, kept),
#       JOBS (batch workers, default: number of cores), DOCS=1 to refresh docs/img/,
#       BATCH_ARGS (extra options for rimscan batch, e.g. --model FILE), MODEL (model file
#       the results were made with, passed to validate; default: the built-in one).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${RIMSCAN_BIN:-$ROOT/build/src/cli/rimscan}
N=${1:-300}
JOBS=${JOBS:-$(nproc)}
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/rimscan_validate.XXXXXX")}
SEED=2
[ -x "$BIN" ] || { echo "validate_phantoms: no rimscan binary at $BIN (set RIMSCAN_BIN)" >&2; exit 1; }
echo "validate_phantoms: $N test phantoms in $WORK" >&2

"$BIN" phantom --preset test --seed "$SEED" --n "$N" -o "$WORK/test" > /dev/null
# shellcheck disable=SC2086
"$BIN" batch "$WORK/test/manifest.csv" -o "$WORK/test_batch" -j "$JOBS" --progress none ${BATCH_ARGS:-} || {
  rc=$?
  # Exit 3 = some cases failed: validate the rest and say so.
  [ "$rc" -eq 3 ] || exit "$rc"
  echo "validate_phantoms: some test cases failed (see $WORK/test_batch/errors.csv)" >&2
}
MODEL_ARGS=()
[ -n "${MODEL:-}" ] && MODEL_ARGS=(--model "$MODEL")
"$BIN" validate "$WORK/test_batch/results.csv" "$WORK/test/labels.csv" -o "$WORK/report" --allow-missing \
  --title "phantom test set" "${MODEL_ARGS[@]}" | tee "$WORK/validation_summary.txt"
if [ "${DOCS:-0}" = 1 ]; then
  mkdir -p "$ROOT/docs/img"
  for f in pce_roc pce_calibration lmd_roc lmd_calibration; do
    cp "$WORK/report/$f.png" "$ROOT/docs/img/validation_$f.png"
  done
  echo "validate_phantoms: plots copied to docs/img/validation_*.png" >&2
fi
echo "validate_phantoms: report in $WORK/report" >&2
