#!/usr/bin/env bash
# rimscan features on brain1 (pyradiomics test case): JSON with pyradiomics names within 3 % of
# pyradiomics' own baseline, CSV with the same values, a parameter file restricting the classes,
# and the error paths (unknown key -> exit 2 naming file and key; absent label -> exit 1; no
# partial output file).
set -euo pipefail
BIN=${RIMSCAN_BIN:?}
DATA=${RIMSCAN_DATA:-${RIMSCAN_SOURCE_DIR:?}/../shared/data}
mkdir -p "${RIMSCAN_TEST_TMP:-/tmp}"
TMP=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/features_brain1.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
IMG="$DATA/pyradiomics/brain1_image.nrrd"
MASK="$DATA/pyradiomics/brain1_label.nrrd"

# The baseline's default configuration: binWidth 25, voxelArrayShift 2000 (Energy, RMS).
cat > "$TMP/params.yaml" <<'YAML'
setting:
  binWidth: 25
  voxelArrayShift: 2000
  minimumROIDimensions: 1
YAML
"$BIN" features "$IMG" "$MASK" --params "$TMP/params.yaml" --device cpu -o "$TMP/f.json"
"$BIN" features "$IMG" "$MASK" --params "$TMP/params.yaml" --device cpu -o "$TMP/f.csv"
python3 - "$TMP/f.json" "$TMP/f.csv" "$DATA/pyradiomics/baseline" <<'PY'
import csv, json, sys, glob, math
doc = json.load(open(sys.argv[1]))
feats = doc["features"]
assert len(feats) == 107, len(feats)
diag = doc["diagnostics"]
assert diag["mask"]["voxels"] == 4137, diag["mask"]
assert "brain1" not in json.dumps(diag), "no input names in the diagnostics"
rows = list(csv.reader(open(sys.argv[2])))
assert len(rows) == 2 and rows[0] == list(feats.keys())
for name, text in zip(rows[0], rows[1]):
    assert math.isclose(float(text), feats[name], rel_tol=1e-12, abs_tol=1e-300), name
checked = 0
for f in glob.glob(sys.argv[3] + "/baseline_*.csv"):
    table = list(csv.reader(open(f)))
    col = table[0].index("brain1") if "brain1" in table[0] else None
    if col is None:
        continue
    for r in table[1:]:
        if r[0] in feats and r[col]:
            ref = float(r[col])
            assert abs(feats[r[0]] - ref) <= 0.03 * abs(ref) + 1e-9, (r[0], feats[r[0]], ref)
            checked += 1
assert checked == 107, checked
PY

# A parameter file with only GLCM, as JSON.
echo '{"featureClass": {"glcm": ["JointEntropy", "Idmn"]}}' > "$TMP/glcm.json"
"$BIN" features "$IMG" "$MASK" --params "$TMP/glcm.json" --device cpu -o "$TMP/g.json"
python3 -c "import json,sys; f=json.load(open(sys.argv[1]))['features']; assert sorted(f)==['original_glcm_Idmn','original_glcm_JointEntropy'], f" "$TMP/g.json"

# Unknown key: usage error naming the file and the key, no output.
printf 'setting:\n  binWidht: 25\n' > "$TMP/bad.yaml"
set +e
"$BIN" features "$IMG" "$MASK" --params "$TMP/bad.yaml" -o "$TMP/bad.json" 2> "$TMP/bad.err"
rc=$?
set -e
test "$rc" -eq 2
grep -q "bad.yaml: unknown setting 'binWidht'" "$TMP/bad.err"
test "$(wc -l < "$TMP/bad.err")" -eq 1
test ! -e "$TMP/bad.json"

# A label that is not in the mask: error exit 1, one line, no output file.
set +e
"$BIN" features "$IMG" "$MASK" --label 7 --device cpu -o "$TMP/l7.json" 2> "$TMP/l7.err"
rc=$?
set -e
test "$rc" -eq 1
grep -q "label 7 selects no voxel" "$TMP/l7.err"
test ! -e "$TMP/l7.json"
ls -A "$TMP" | grep -q "^\.l7" && { echo "temporary file left behind" >&2; exit 1; }
echo "features_brain1: ok"
