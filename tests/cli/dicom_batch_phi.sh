#!/usr/bin/env bash
# rimscan batch over a manifest of two DICOM directories without case ids (one readable, one
# with a missing slice), written by the test from a small phantom with identifying values
# planted: exit 3 (one case failed), the readable case's id is the keyed hash of its UIDs
# (recomputed here from the 0600 salt file), the failure is reported without identifiers, no
# identifying value appears in any output (results/errors CSV, case JSON, maps, QC, batch
# record, JSON-lines progress, logs) or output file name, and a resumed run keeps the ids.
# With --keep-phi the values are in each case JSON's inputs.t1c.dicom_identifiers only
# (results.csv unchanged, byte for byte); a rerun without it recomputes those cases, leaving no
# identifier behind.
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

# --keep-phi (same salt, so the same ids): the identifiers are in the case JSON's
# inputs.t1c.dicom_identifiers and nowhere else: results.csv is byte-identical to the run
# without it; errors, logs, progress events, maps and file names hold none.
SALT=$(cat "$TMP/out/.rimscan_id_salt")
run_kept() {  # TAG [OPTION...]: logs to $TMP/kept_TAG.stdout/.stderr
  local tag=$1
  shift
  set +e
  "$BIN" -v batch "$TMP/manifest.csv" -o "$TMP/kept" --id-salt "$SALT" --label-maps --device cpu --threads 2 \
    --progress json "$@" > "$TMP/kept_$tag.stdout" 2> "$TMP/kept_$tag.stderr"
  local rc=$?
  set -e
  test "$rc" -eq 3 || { echo "batch $tag exit $rc, expected 3" >&2; cat "$TMP/kept_$tag.stderr" >&2; exit 1; }
}
run_kept phi --keep-phi
cmp "$TMP/results_first.csv" "$TMP/kept/results.csv"
cp "$TMP/kept_phi.stdout" "$TMP/kept_phi.stderr" "$TMP/kept/"
if grep -r -F -o -f "$TMP/phi.txt" --exclude-dir=cases "$TMP/kept" > "$TMP/leak.txt"; then
  echo "PHI leak with --keep-phi outside the case JSON: $(head -3 "$TMP/leak.txt" | tr '\n' ' ')" >&2
  exit 1
fi
if (cd "$TMP/kept" && find . | grep -F -f "$TMP/phi.txt"); then echo "PHI in an output file name" >&2; exit 1; fi
python3 - "$TMP" "$STUDY" <<'PY'
import glob, json, sys
tmp, study = sys.argv[1:3]
phi = [l.rstrip("\n") for l in open(tmp + "/phi.txt") if l.strip()]
[path] = glob.glob(tmp + "/kept/cases/*.json")
doc = json.load(open(path))
block = doc["inputs"]["t1c"].pop("dicom_identifiers")
assert block["patient_id"] == "PID-7731-PLANTED" and block["patient_name"] == "PLANTEDFAMILY^PLANTEDGIVEN", block
assert block["study_uid"] == study and block["series_uid"] == study + ".1", block
assert block["accession_number"] == "ACC-99120-PLANTED" and block["patient_birth_date"] == "19470312", block
assert len(block["sop_instance_uids"]) == doc["inputs"]["t1c"]["geometry"]["size"][2], len(block["sop_instance_uids"])
text = json.dumps(doc)
assert not [v for v in phi if v in text], [v for v in phi if v in text][:3]
plain = json.load(open(path.replace("/kept/", "/out/")))
for d in (doc, plain):
    for k in ("outputs", "run"):
        d.pop(k)
assert doc == plain, "--keep-phi changed more than the identifiers block"
PY

# A rerun without --keep-phi recomputes the case rather than keep a document with identifiers.
run_kept plain
grep -q "written with --keep-phi" "$TMP/kept_plain.stderr"
cp "$TMP/kept_plain.stdout" "$TMP/kept_plain.stderr" "$TMP/kept/"
if grep -r -F -o -f "$TMP/phi.txt" "$TMP/kept" > "$TMP/leak.txt"; then
  echo "PHI left behind after a rerun without --keep-phi: $(head -3 "$TMP/leak.txt" | tr '\n' ' ')" >&2
  exit 1
fi
cmp "$TMP/results_first.csv" "$TMP/kept/results.csv"
echo "dicom_batch_phi: ok"
