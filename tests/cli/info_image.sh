#!/usr/bin/env bash
# rimscan info IMAGE: the header as JSON on stdout (and with -o in a file); errors are one line
# on stderr with exit code 1. Expected values come from the NRRD header text of brain1
# (sizes 256 256 25, spacing 0.78125 x 0.78125 x 6.5, y axis pointing anterior -> "LAS").
set -euo pipefail
BIN=${RIMSCAN_BIN:?}
DATA=${RIMSCAN_DATA:-${RIMSCAN_SOURCE_DIR:?}/../shared/data}
TMP=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/info_image.XXXXXX" 2>/dev/null || mktemp -d)
trap 'rm -rf "$TMP"' EXIT
IMG="$DATA/pyradiomics/brain1_image.nrrd"

"$BIN" info "$IMG" > "$TMP/stdout.json"
"$BIN" info "$IMG" -o "$TMP/out.json" > "$TMP/quiet.txt"
test ! -s "$TMP/quiet.txt"                      # -o: nothing on stdout
cmp "$TMP/stdout.json" "$TMP/out.json"
python3 - "$TMP/out.json" "$IMG" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["path"] == sys.argv[2], j["path"]
assert j["format"] == "nrrd" and j["component_type"] == "int16", j
g = j["geometry"]
assert g["size"] == [256, 256, 25], g["size"]
assert abs(g["spacing_mm"][0] - 0.78125) < 1e-9 and abs(g["spacing_mm"][2] - 6.5) < 1e-9, g["spacing_mm"]
assert g["orientation"] == "LAS", g["orientation"]
assert g["direction"][4] == -1.0, g["direction"]
assert abs(g["origin_mm"][2] - (-78.0)) < 1e-9, g["origin_mm"]
PY

# MR_Gd: the stored type and the scale slope are reported.
"$BIN" info "$DATA/normal/MR_Gd.nii.gz" | python3 -c '
import json, sys
j = json.load(sys.stdin)
assert j["component_type"] == "uint8" and abs(j["rescale_slope"] - 6.48235) < 1e-4, j'

# A missing file: exit 1, one line on stderr naming it, nothing on stdout.
set +e
"$BIN" info "$TMP/missing.nii.gz" > "$TMP/o.txt" 2> "$TMP/e.txt"
rc=$?
set -e
test "$rc" -eq 1
test ! -s "$TMP/o.txt"
test "$(wc -l < "$TMP/e.txt")" -eq 1
grep -q "missing.nii.gz" "$TMP/e.txt"
echo "info_image: ok"
