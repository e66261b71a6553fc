#!/usr/bin/env bash
# rimscan batch over a manifest of two DICOM directories without case ids (one readable, one
# with a missing slice), written by the test from a small phantom with identifying values
# planted: exit 3 (one case failed), the readable case's id is the keyed hash of its UIDs
# (recomputed here from the 0600 salt file), the failure is reported without identifiers, no
# identifying value appears in any output (results/errors CSV, case JSON, maps, QC, batch
# record, JSON-lines progress, logs) or output file name, and a resumed run keeps the ids.
set -euo pipefail
BIN=${RIMSCAN_BIN:?}
MAKE=${RIMSCAN_MAKE_DICOM:?}
mkdir -p "${RIMSCAN_TEST_TMP:-/tmp}"
TMP=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/dicom_batch_phi.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
STUDY=1.2.826.0.1.3680043.2.1125.6262.1

"$BIN" phantom -o "$TMP/ph" --n 1 --preset tiny --quantize --seed 3 > /dev/null
NII="$TMP/ph/phantom_0000_t1c.nii.gz"
"$MAKE" "$NII" "$TMP/dcm/good" --plant-phi --study-uid "$STUDY" --series-uid "$STUDY.1" > "$TMP/phi.txt"
"$MAKE" "$NII" "$TMP/dcm/broken" --plant-phi --study-uid "$STUDY" --series-uid "$STUDY.2" --number 2 >> "$TMP/phi.txt"
rm "$TMP/dcm/broken/IM0020.dcm"
printf 't1c,site\n%s,A\n%s,B\n' "$TMP/dcm/good" "$TMP/dcm/broken" > "$TMP/manifest.csv"

run_batch() {
  set +e
  "$BIN" -v batch "$TMP/manifest.csv" -o "$TMP/out" --label-maps --qc-png --device cpu --threads 2 \
    --progress json > "$TMP/$1.stdout" 2> "$TMP/$1.stderr"
  local rc=$?
  set -e
  test "$rc" -eq 3 || { echo "batch exit $rc, expected 3" >&2; cat "$TMP/$1.stderr" >&2; exit 1; }
}
run_batch first
cp "$TMP/out/results.csv" "$TMP/results_first.csv"
run_batch resumed

for f in "$TMP"/first.* "$TMP"/resumed.*; do cp "$f" "$TMP/out/"; done  # logs are outputs too
if grep -r -F -o -f "$TMP/phi.txt" "$TMP/out" > "$TMP/leak.txt"; then
  echo "PHI leak: $(head -3 "$TMP/leak.txt" | tr '\n' ' ')" >&2
  exit 1
fi
if (cd "$TMP/out" && find . | grep -F -f "$TMP/phi.txt"); then echo "PHI in an output file name" >&2; exit 1; fi
test "$(stat -c %a "$TMP/out/.rimscan_id_salt")" = 600
cmp "$TMP/results_first.csv" "$TMP/out/results.csv"   # the resumed run keeps ids and results

python3 - "$TMP" "$STUDY" <<'PY'
import csv, hashlib, hmac, sys
tmp, study = sys.argv[1:3]
salt = open(tmp + "/out/.rimscan_id_salt").read().strip()
want = "dcm-" + hmac.new(salt.encode(), b"rimscan-case-id-v1\0" + study.encode() + b"\0" + (study + ".1").encode(),
                         hashlib.sha256).hexdigest()[:16]
rows = list(csv.DictReader(open(tmp + "/out/results.csv")))
assert [r["case_id"] for r in rows] == [want], [r["case_id"] for r in rows]
assert rows[0]["site"] == "A", rows[0]
errors = list(csv.DictReader(open(tmp + "/out/errors.csv")))
assert len(errors) == 1 and errors[0]["code"] == "input_corrupt", errors
assert "missing slice" in errors[0]["message"], errors[0]
PY
echo "dicom_batch_phi: ok"
