#!/usr/bin/env bash
# The built-in flag model on real scans (acceptance criteria of docs/validation.md):
#   - normal contrast-enhanced MR_Gd (vessels, sinuses, choroid plexus enhance): no flag positive;
#   - UPENN-GBM-00002 (rim-enhancing glioblastoma, large necrotic core): pCE positive, with the
#     automatic segmentation and with the expert mask;
#   - UPENN-GBM-00009 (near-solid enhancement): pCE not positive, both ways.
# The probabilities are printed (docs/validation.md reports them).
set -euo pipefail
BIN=${RIMSCAN_BIN:?}
DATA=${RIMSCAN_DATA:-${RIMSCAN_SOURCE_DIR:?}/../shared/data}
TMP=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/flags_real.XXXXXX" 2>/dev/null || mktemp -d)
trap 'rm -rf "$TMP"' EXIT
U=$DATA/tumour/upenn-gbm

"$BIN" extract "$DATA/normal/MR_Gd.nii.gz" -o "$TMP/mr_gd.json" 2> /dev/null
for c in 00002 00009; do
  d=$U/UPENN-GBM-${c}_11
  "$BIN" extract "$d/UPENN-GBM-${c}_11_T1GD.nii.gz" -o "$TMP/upenn_${c}_auto.json" 2> /dev/null
  "$BIN" extract "$d/UPENN-GBM-${c}_11_T1GD.nii.gz" --lesion-mask "$d/UPENN-GBM-${c}_11_segm.nii.gz" \
    --lesion-labels brats2021 -o "$TMP/upenn_${c}_expert.json" 2> /dev/null
done

python3 - "$TMP" <<'PY'
import json, sys
tmp = sys.argv[1]
def flags(name):
    j = json.load(open(f"{tmp}/{name}.json"))
    assert j["flags"]["model"]["source"] == "built-in default", j["flags"]["model"]
    return j["flags"]
fails = []
f = flags("mr_gd")
print(f"MR_Gd: pCE p={f['pce']['probability']:.4f} ({f['pce']['call']}), LMD p={f['lmd']['probability']:.4f} ({f['lmd']['call']})")
for flag in ("pce", "lmd"):
    if f[flag]["call"] == "positive":
        fails.append(f"MR_Gd: {flag} fired (p = {f[flag]['probability']:.3f})")
for case, want in (("00002", True), ("00009", False)):
    for seg in ("auto", "expert"):
        f = flags(f"upenn_{case}_{seg}")
        p, call = f["pce"]["probability"], f["pce"]["call"]
        print(f"UPENN-GBM-{case} ({seg} segmentation): pCE p={p:.4f} ({call})")
        if (call == "positive") != want:
            fails.append(f"UPENN-GBM-{case} {seg}: pCE {call} (p = {p:.3f}), expected {'positive' if want else 'not positive'}")
        assert "CSF" in f["lmd"]["caveat"]
if fails:
    sys.exit("; ".join(fails))
PY
echo "flags_real_cases: ok"
