#!/usr/bin/env bash
# rimscan extract on a DICOM series written by the test from a NIfTI T1c case gives the same
# metrics and the same label map as extract on the NIfTI, and no identifying value reaches any
# output. The case is a small phantom (rim lesion + leptomeningeal enhancement, RAS, 2x2x3 mm,
# integer intensities) to keep CI fast; tests/cli/dicom_features.sh and
# tests/io/test_dicom_series.cpp do the same on the real UPENN-GBM-00002 T1GD (features, voxels).
#  - metrics: the case JSONs are equal outside case_id, inputs (path, hash, series key), outputs
#    and run (timings);
#  - label maps: byte-identical NIfTI payloads and headers;
#  - PHI: the planted identifying values and every UID of the series appear in no output file
#    (JSON, label maps, QC PNG), no output file name, nor stdout/stderr (-v);
#  - case id: dcm- + the first 16 hex digits of HMAC-SHA256(salt, "rimscan-case-id-v1" 0 study 0
#    series), recomputed here with Python's hmac from the 0600 salt file extract created.
set -euo pipefail
BIN=${RIMSCAN_BIN:?}
MAKE=${RIMSCAN_MAKE_DICOM:?}
mkdir -p "${RIMSCAN_TEST_TMP:-/tmp}"
TMP=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/dicom_extract.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
STUDY=1.2.826.0.1.3680043.2.1125.5151.1
SERIES=1.2.826.0.1.3680043.2.1125.5151.1.9

"$BIN" phantom -o "$TMP/ph" --n 1 --preset tiny --quantize --seed 5 --orientation RAS --spacing 2,2,3 \
  --kinds rim_lmd > /dev/null
NII="$TMP/ph/phantom_0000_t1c.nii.gz"
"$MAKE" "$NII" "$TMP/dcm/series" --plant-phi --study-uid "$STUDY" --series-uid "$SERIES" > "$TMP/phi_values.txt"
grep -qx "$SERIES" "$TMP/phi_values.txt"

mkdir -p "$TMP/out" "$TMP/nii"
"$BIN" -v extract "$TMP/dcm" -o "$TMP/out/case.json" --label-map "$TMP/out/labels.nii.gz" \
  --lesion-ids "$TMP/out/ids.nii.gz" --qc-png "$TMP/out/qc.png" --device cpu --threads 2 \
  > "$TMP/out/stdout.txt" 2> "$TMP/out/stderr.txt"
"$BIN" extract "$NII" -o "$TMP/nii/case.json" --label-map "$TMP/nii/labels.nii.gz" --device cpu --threads 2

# PHI: contents and names of every output.
if grep -r -F -o -f "$TMP/phi_values.txt" "$TMP/out" > "$TMP/leak.txt"; then
  echo "PHI leak: $(head -3 "$TMP/leak.txt" | tr '\n' ' ')" >&2
  exit 1
fi
if (cd "$TMP/out" && find . | grep -F -f "$TMP/phi_values.txt"); then echo "PHI in an output file name" >&2; exit 1; fi

# The salt: created once beside the case JSON, private.
test "$(stat -c %a "$TMP/out/.rimscan_id_salt")" = 600

cmp <(gzip -dc "$TMP/out/labels.nii.gz") <(gzip -dc "$TMP/nii/labels.nii.gz")

python3 - "$TMP" "$STUDY" "$SERIES" <<'PY'
import hashlib, hmac, json, sys
tmp, study, series = sys.argv[1:4]
a = json.load(open(tmp + "/out/case.json"))
b = json.load(open(tmp + "/nii/case.json"))
salt = open(tmp + "/out/.rimscan_id_salt").read().strip()
want = "dcm-" + hmac.new(salt.encode(), b"rimscan-case-id-v1\0" + study.encode() + b"\0" + series.encode(),
                         hashlib.sha256).hexdigest()[:16]
assert a["case_id"] == want, (a["case_id"], want)
assert a["inputs"]["t1c"]["path"] == tmp + "/dcm", a["inputs"]["t1c"]["path"]
assert len(a["inputs"]["t1c"]["dicom_series_key"]) == 10
for d in (a, b):
    for k in ("case_id", "inputs", "outputs", "run"):
        d.pop(k)
assert a == b, "extract on the DICOM series and on the NIfTI differ"
assert len(b["lesions"]) >= 1, b["summary"]
PY
echo "dicom_extract: ok"
