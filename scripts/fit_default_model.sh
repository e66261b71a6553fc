#!/usr/bin/env bash
# Regenerates models/default_model.json, the flag model compiled into rimscan, from the phantom
# training set (docs/model.md, docs/validation.md):
#   rimscan phantom --preset train --seed 1 --n N  ->  rimscan batch  ->  rimscan train
# The truth labels are those the phantom generator measures on its label maps. Rebuild rimscan
# afterwards (CMake re-reads the JSON) so that extract/batch use the new model.
#
# Usage: scripts/fit_default_model.sh [N]
#   env RIMSCAN_BIN (default build/src/cli/rimscan), WORK (default a new temporary folder, kept),
#       JOBS (batch workers, default: number of cores), OUT (default models/default_model.json),
#       BATCH_ARGS (extra options for rimscan batch), TRAIN_ARGS (extra options for rimscan train).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${RIMSCAN_BIN:-$ROOT/build/src/cli/rimscan}
N=${1:-300}
JOBS=${JOBS:-$(nproc)}
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/rimscan_fit.XXXXXX")}
OUT=${OUT:-$ROOT/models/default_model.json}
SEED=1
[ -x "$BIN" ] || { echo "fit_default_model: no rimscan binary at $BIN (set RIMSCAN_BIN)" >&2; exit 1; }
echo "fit_default_model: $N training phantoms in $WORK" >&2

"$BIN" phantom --preset train --seed "$SEED" --n "$N" -o "$WORK/train" > /dev/null
# Automatic segmentation, as on real scans (the manifest gives the phantom's intracranial mask as
# brain_mask, like a skull-stripping step would).
# shellcheck disable=SC2086
"$BIN" batch "$WORK/train/manifest.csv" -o "$WORK/train_batch" -j "$JOBS" --progress none ${BATCH_ARGS:-} || {
  rc=$?
  # Exit 3 = some cases failed: train on the rest and say so.
  [ "$rc" -eq 3 ] || exit "$rc"
  echo "fit_default_model: some training cases failed (see $WORK/train_batch/errors.csv)" >&2
}
# Labels of the cases that have features (phantom ids carry no commas or quotes).
awk -F, 'NR == FNR { if (FNR > 1) ok[$1] = 1; next } FNR == 1 || ($1 in ok)' \
  "$WORK/train_batch/results.csv" "$WORK/train/labels.csv" > "$WORK/train_labels_used.csv"
VERSION=$("$BIN" --version | awk '{print $2}')
DESC="Phantom-fitted default model: $N synthetic cases of 'rimscan phantom --preset train --seed $SEED' (rimscan $VERSION), features by 'rimscan batch' with automatic segmentation, labels = phantom truth (docs/phantom.md). Synthetic anatomy only, never fitted on patients: sites should recalibrate with 'rimscan train' on their own labelled cases (docs/model.md)."
# shellcheck disable=SC2086
"$BIN" train "$WORK/train_batch/results.csv" "$WORK/train_labels_used.csv" -o "$OUT" --description "$DESC" ${TRAIN_ARGS:-} \
  | tee "$WORK/train_report.txt"
echo "fit_default_model: wrote $OUT (CV report in $WORK/train_report.txt); rebuild rimscan to compile it in" >&2
