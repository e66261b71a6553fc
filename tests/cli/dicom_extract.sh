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
#    series), recomputed here with Python's hmac from the 0600 salt file extract created;
#  - --keep-phi (extract, and features on the same series): the identifying values are in
#    inputs.t1c.dicom_identifiers (features: dicom_identifiers.image), each exactly as planted,
#    every SOP Instance UID listed; the rest of the document equals the run without --keep-phi
#    (same case id through --id-salt) and holds none of them; label maps, logs and file names
#    still hold none; features refuses --keep-phi with a CSV output (exit 2).
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

# --keep-phi: the values in the one named block, nowhere else. Same salt, so the same case id.
SALT=$(cat "$TMP/out/.rimscan_id_salt")
mkdir -p "$TMP/kept"
"$BIN" -v extract "$TMP/dcm" -o "$TMP/kept/case.json" --keep-phi --id-salt "$SALT" --label-map "$TMP/kept/labels.nii.gz" \
  --lesion-ids "$TMP/kept/ids.nii.gz" --device cpu --threads 2 > "$TMP/kept/stdout.txt" 2> "$TMP/kept/stderr.txt"
"$BIN" -v features "$TMP/dcm" "$TMP/out/ids.nii.gz" --keep-phi --threads 2 -o "$TMP/kept/features.json" \
  2>> "$TMP/kept/stderr.txt"
"$BIN" features "$TMP/dcm" "$TMP/out/ids.nii.gz" --threads 2 -o "$TMP/out/features.json"
set +e
"$BIN" features "$TMP/dcm" "$TMP/out/ids.nii.gz" --keep-phi -o "$TMP/kept/features.csv" 2> "$TMP/csv.err"
rc=$?
set -e
test "$rc" -eq 2 && test ! -e "$TMP/kept/features.csv"
grep -q -- "--keep-phi" "$TMP/csv.err"
[ ! -e "$TMP/kept/.rimscan_id_salt" ]   # --id-salt given: no salt file
# Only the two JSON documents may hold identifying values, and only in their named block
# (checked in Python below); everything else under kept/ holds none, nor do the file names.
if grep -r -F -o -f "$TMP/phi_values.txt" --exclude=case.json --exclude=features.json "$TMP/kept" > "$TMP/leak.txt"; then
  echo "PHI leak with --keep-phi outside the JSON: $(head -3 "$TMP/leak.txt" | tr '\n' ' ')" >&2
  exit 1
fi
if (cd "$TMP/kept" && find . | grep -F -f "$TMP/phi_values.txt"); then echo "PHI in an output file name" >&2; exit 1; fi
cmp <(gzip -dc "$TMP/kept/labels.nii.gz") <(gzip -dc "$TMP/out/labels.nii.gz")

python3 - "$TMP" "$STUDY" "$SERIES" "${RIMSCAN_SOURCE_DIR:?}/docs/schema/case.schema.json" <<'PY'
import json, sys, jsonschema
tmp, study, series, schema_path = sys.argv[1:5]
phi = [l.rstrip("\n") for l in open(tmp + "/phi_values.txt") if l.strip()]
planted = {
    "patient_name": "PLANTEDFAMILY^PLANTEDGIVEN", "patient_id": "PID-7731-PLANTED",
    "patient_birth_date": "19470312", "accession_number": "ACC-99120-PLANTED",
    "institution_name": "Planted Memorial Hospital", "referring_physician": "REFERRER^PLANTED",
    "performing_physician": "PERFORMER^PLANTED", "study_id": "STUDYID-PLANTED", "study_date": "20240229",
    "study_uid": study, "series_uid": series,
}

def values(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from values(v)
    elif isinstance(node, list):
        for v in node:
            yield from values(v)
    elif isinstance(node, str):
        yield node

def check_block(block, where):
    for k, v in planted.items():
        assert block[k] == v, (where, k, block[k], v)
    sops = block["sop_instance_uids"]
    assert len(sops) == nslices and len(set(sops)) == nslices and set(sops) <= set(phi), (where, len(sops))
    # Every identifying value the tool planted is in the block (names also by component).
    inside = set(values(block))
    inside |= {part for v in list(inside) for part in v.split("^")}
    missing = [v for v in phi if v not in inside]
    assert not missing, (where, missing[:5])

def no_phi(node, where):
    text = json.dumps(node)
    leaked = [v for v in phi if v in text]
    assert not leaked, (where, leaked[:5])

kept = json.load(open(tmp + "/kept/case.json"))
plain = json.load(open(tmp + "/out/case.json"))
jsonschema.validate(kept, json.load(open(schema_path)))
nslices = plain["inputs"]["t1c"]["geometry"]["size"][2]
check_block(kept["inputs"]["t1c"]["dicom_identifiers"], "extract")
kept["inputs"]["t1c"].pop("dicom_identifiers")
no_phi(kept, "extract outside dicom_identifiers")
assert kept["case_id"] == plain["case_id"], (kept["case_id"], plain["case_id"])
for d in (kept, plain):
    for k in ("outputs", "run"):
        d.pop(k)
assert kept == plain, "--keep-phi changed more than the identifiers block"

fk = json.load(open(tmp + "/kept/features.json"))
fp = json.load(open(tmp + "/out/features.json"))
assert list(fk["dicom_identifiers"]) == ["image"], list(fk["dicom_identifiers"])  # the mask is a file
check_block(fk["dicom_identifiers"]["image"], "features")
fk.pop("dicom_identifiers")
no_phi(fk, "features outside dicom_identifiers")
assert "dicom_identifiers" not in fp
assert fk["features"] == fp["features"]
PY
echo "dicom_extract: ok"
