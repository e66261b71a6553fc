#!/usr/bin/env bash
# The demo on a fresh Debian 12 machine: installs what is missing, builds rimscan, and runs it on
# the committed sample cases (sample_images/, made by `rimscan phantom`). Outputs go to
# ${DEMO_OUT:-out/demo}: one JSON per case, results.csv, label maps and QC images.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install_deps.sh
BUILD_DIR=${BUILD_DIR:-build} ./scripts/build.sh
BIN=${BUILD_DIR:-build}/src/cli/rimscan
OUT=${DEMO_OUT:-out/demo}
mkdir -p "$OUT"
echo "== rimscan $($BIN --version | cut -d' ' -f2) on sample_images/ ($($BIN info | grep -c '"index"') CUDA device(s) visible)"
set +e
$BIN batch sample_images/manifest.csv -o "$OUT" --label-maps --qc-png --force
rc=$?
set -e
echo
echo "== $OUT/results.csv (first columns)"
cut -d, -f1-5 "$OUT/results.csv" | column -t -s,
echo
echo "Per-case JSON: $OUT/cases/*.json   QC images: $OUT/qc/*.png   Truth: sample_images/labels.csv"
exit $rc
