#!/usr/bin/env bash
# Regression test of the whole flag chain on a reduced phantom validation (docs/validation.md):
# 36 small phantoms of the `ci` preset (2-2.5 mm voxels), six of each kind (normal, solid, rim,
# open rim, leptomeningeal, rim + leptomeningeal), from a seed used neither for training nor for
# the full test set; rimscan batch with the built-in model; rimscan validate against the phantom
# truth. Asserts AUC floors for this small, coarse set (well below the full-resolution targets,
# with margin for its sampling noise: with ~14 positives one misranked pair moves the AUC by
# ~0.003) and that no flag fires on a phantom holding only normal enhancing structures.
set -euo pipefail
BIN=${RIMSCAN_BIN:?}
TMP=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/validation_ci.XXXXXX" 2>/dev/null || mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PCE_MIN_AUC=${PCE_MIN_AUC:-0.85}
LMD_MIN_AUC=${LMD_MIN_AUC:-0.80}

"$BIN" phantom --preset ci --seed 7 --n 36 --kinds normal,solid,rim,open_rim,lmd,rim_lmd --cycle \
  -o "$TMP/ph" > /dev/null 2>&1
"$BIN" batch "$TMP/ph/manifest.csv" -o "$TMP/batch" -j 2 --progress none 2> "$TMP/batch.err" || {
  cat "$TMP/batch.err"
  exit 1
}
"$BIN" validate "$TMP/batch/results.csv" "$TMP/ph/labels.csv" -o "$TMP/report" --bootstrap 500 | tee "$TMP/summary.txt"

python3 - "$TMP" "$PCE_MIN_AUC" "$LMD_MIN_AUC" <<'PY'
import csv, json, sys
tmp, pce_min, lmd_min = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
v = json.load(open(f"{tmp}/report/validation.json"))
labels = {r["case_id"]: r for r in csv.DictReader(open(f"{tmp}/ph/labels.csv"))}
results = {r["case_id"]: r for r in csv.DictReader(open(f"{tmp}/batch/results.csv"))}
assert len(results) == 36, len(results)
fails = []
for flag, floor in (("pce", pce_min), ("lmd", lmd_min)):
    n_pos = v[flag]["n_positive"]
    assert 6 <= n_pos <= 30, (flag, n_pos)  # the kinds guarantee both classes
    if not v[flag]["auc"] >= floor:
        fails.append(f"{flag} AUC {v[flag]['auc']:.3f} < {floor}")
normal = [cid for cid, l in labels.items() if l["kind"] == "normal"]
assert len(normal) == 6, normal
for cid in normal:
    assert labels[cid]["pce"] == "0" and labels[cid]["lmd"] == "0", labels[cid]
    for flag in ("pce", "lmd"):
        if results[cid][f"{flag}_call"] == "positive":
            fails.append(f"{cid} (normal structures only): {flag} fired, p = {results[cid][flag + '_probability']}")
if fails:
    sys.exit("; ".join(fails))
PY
echo "validation_phantoms_ci: ok"
