#!/usr/bin/env bash
# A DICOM series written by the test from the UPENN-GBM-00002 T1GD NIfTI (identifying values
# planted) gives exactly the same radiomics features as the NIfTI itself (`rimscan features`,
# enhancing-tumour label 4 of the expert segmentation), and no identifying value reaches the
# output JSON, its file name, stdout or stderr.
set -euo pipefail
BIN=${RIMSCAN_BIN:?}
MAKE=${RIMSCAN_MAKE_DICOM:?}
DATA=${RIMSCAN_DATA:-${RIMSCAN_SOURCE_DIR:?}/../shared/data}
mkdir -p "${RIMSCAN_TEST_TMP:-/tmp}"
TMP=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/dicom_features.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
CASE="$DATA/tumour/upenn-gbm/UPENN-GBM-00002_11"

"$MAKE" "$CASE/UPENN-GBM-00002_11_T1GD.nii.gz" "$TMP/dcm/series" --plant-phi > "$TMP/phi.txt"
mkdir -p "$TMP/out"
"$BIN" -v features "$TMP/dcm" "$CASE/UPENN-GBM-00002_11_segm.nii.gz" --label 4 --threads 2 \
  -o "$TMP/out/dicom.json" > "$TMP/out/stdout.txt" 2> "$TMP/out/stderr.txt"
"$BIN" features "$CASE/UPENN-GBM-00002_11_T1GD.nii.gz" "$CASE/UPENN-GBM-00002_11_segm.nii.gz" --label 4 \
  --threads 2 -o "$TMP/nifti.json"
grep -q "reading series" "$TMP/out/stderr.txt"   # the log says which series was read...

# ...but nothing identifying: not in any output file, nor in the output file names.
if grep -F -o -f "$TMP/phi.txt" -r "$TMP/out" > "$TMP/leak.txt"; then
  echo "PHI leak: $(head -3 "$TMP/leak.txt" | tr '\n' ' ')" >&2
  exit 1
fi
if find "$TMP/out" | grep -F -f "$TMP/phi.txt"; then echo "PHI in an output file name" >&2; exit 1; fi

python3 - "$TMP/out/dicom.json" "$TMP/nifti.json" <<'PY'
import json, sys
def flat(d, p=""):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flat(v, p + k + "."))
        else:
            out[p + k] = v
    return out
a, b = (flat(json.load(open(f))) for f in sys.argv[1:3])
feats = [k for k in b if k.startswith("features.")]
assert len(feats) > 50, sorted(b)[:20]
diff = [k for k in feats if a.get(k) != b[k]]
assert not diff, [(k, a.get(k), b[k]) for k in diff[:5]]
PY
echo "dicom_features: ok"
