#!/usr/bin/env bash
# Regenerates sample_images/ with `rimscan phantom` (docs/phantom.md): five synthetic cases
# (normal, solid lesion, rim lesion, leptomeningeal enhancement, rim + leptomeningeal on
# 1.5 x 1.5 x 5 mm slices), their truth, masks, QC montages, labels.csv and manifest.csv.
# The output is byte-identical for any thread count; README.md is kept.
# Usage: scripts/make_sample_images.sh [path/to/rimscan]   (default: $RIMSCAN_BIN, then build/)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-${RIMSCAN_BIN:-build/src/cli/rimscan}}
[ -x "$BIN" ] || { echo "make_sample_images: no rimscan binary at $BIN (build first or pass its path)" >&2; exit 1; }
TMP=$(mktemp -d sample_images.tmp.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# The exact command (keep sample_images/README.md in step with it):
"$BIN" phantom -o "$TMP" --preset sample --n 5 --seed 3 --png > /dev/null
rm -f sample_images/phantom_* sample_images/labels.csv sample_images/manifest.csv sample_images/params.json
mv "$TMP"/* sample_images/
du -sh sample_images
