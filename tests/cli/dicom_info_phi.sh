#!/usr/bin/env bash
# rimscan info DIR on DICOM series written from the UPENN-GBM-00002 NIfTIs (T1GD as a
# post-contrast series with identifying values planted, T1 as a pre-contrast series of the same
# study): the listing shows both series, chooses the post-contrast one, honours --series, and
# no identifying value (names, IDs, birth date, accession, institution, physicians, UIDs, dates)
# appears on stdout, stderr or in the -o file unless --keep-phi is given.
set -euo pipefail
BIN=${RIMSCAN_BIN:?}
MAKE=${RIMSCAN_MAKE_DICOM:?}
DATA=${RIMSCAN_DATA:-${RIMSCAN_SOURCE_DIR:?}/../shared/data}
mkdir -p "${RIMSCAN_TEST_TMP:-/tmp}"
TMP=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/dicom_info_phi.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
CASE="$DATA/tumour/upenn-gbm/UPENN-GBM-00002_11"
STUDY=1.2.826.0.1.3680043.2.1125.4242.7

"$MAKE" "$CASE/UPENN-GBM-00002_11_T1GD.nii.gz" "$TMP/dcm/s7" --plant-phi --study-uid "$STUDY" --number 7 \
  --description "T1 AX POST GD" --agent Gadobutrol > "$TMP/phi.txt"
"$MAKE" "$CASE/UPENN-GBM-00002_11_T1.nii.gz" "$TMP/dcm/s3" --plant-phi --study-uid "$STUDY" --number 3 \
  --description "T1 AX PRE" --agent "" >> "$TMP/phi.txt"
test "$(wc -l < "$TMP/phi.txt")" -gt 300   # 2 x 155 SOP Instance UIDs and the planted values
grep -qx "PID-7731-PLANTED" "$TMP/phi.txt"

# No identifying value in any of the files given (exit 1 naming what leaked, and where).
no_phi() {
  local f
  for f in "$@"; do
    if grep -F -o -f "$TMP/phi.txt" "$f" > "$TMP/leak.txt"; then
      echo "PHI leak in $f: $(head -3 "$TMP/leak.txt" | tr '\n' ' ')" >&2
      return 1
    fi
  done
}

"$BIN" -v info "$TMP/dcm" > "$TMP/info.json" 2> "$TMP/info.err"
mkdir -p "$TMP/out"
"$BIN" -v info "$TMP/dcm" -o "$TMP/out/info.json" 2>> "$TMP/info.err"
no_phi "$TMP/info.json" "$TMP/info.err" "$TMP/out/info.json"
cmp "$TMP/info.json" "$TMP/out/info.json"
python3 - "$TMP/info.json" "$TMP/dcm" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["path"] == sys.argv[2], j["path"]
s = {x["series_number"]: x for x in j["series"]}
assert sorted(s) == [3, 7], sorted(s)
post = s[7]
assert post["description"] == "T1 AX POST GD" and post["contrast_agent"] == "Gadobutrol", post
assert post["size"] == [240, 240, 155] and post["files"] == 155 and post["readable"], post
assert all(abs(v - 1.0) < 1e-9 for v in post["geometry"]["spacing_mm"]), post["geometry"]
assert s[3]["contrast_agent"] == "", s[3]
assert j["selected"]["key"] == post["key"], j["selected"]
assert "dicom_identifiers" not in post and "identifiers" not in post
assert len(post["key"]) == 10
PY

# --series KEY selects the pre-contrast series.
PRE_KEY=$(python3 -c 'import json,sys; print([x["key"] for x in json.load(open(sys.argv[1]))["series"] if x["series_number"] == 3][0])' "$TMP/info.json")
"$BIN" info "$TMP/dcm" --series "$PRE_KEY" | python3 -c '
import json, sys
j = json.load(sys.stdin)
assert j["selected"]["key"] == sys.argv[1], j["selected"]' "$PRE_KEY"

# --keep-phi: the identifiers are there (this proves the leak check above can see them), each
# series' under its dicom_identifiers, exactly as planted, and nowhere else in the listing.
"$BIN" info "$TMP/dcm" --keep-phi > "$TMP/phi_kept.json"
grep -qF "PID-7731-PLANTED" "$TMP/phi_kept.json"
grep -qF "$STUDY" "$TMP/phi_kept.json"
python3 - "$TMP/phi_kept.json" "$TMP/phi.txt" "$STUDY" <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); study = sys.argv[3]
phi = [l.rstrip("\n") for l in open(sys.argv[2]) if l.strip()]
seen = set()
for s in j["series"]:
    b = s.pop("dicom_identifiers")
    assert b["study_uid"] == study and b["patient_id"] == "PID-7731-PLANTED", b
    assert b["patient_name"] == "PLANTEDFAMILY^PLANTEDGIVEN" and b["patient_birth_date"] == "19470312", b
    assert b["accession_number"] == "ACC-99120-PLANTED" and b["institution_name"] == "Planted Memorial Hospital", b
    assert b["referring_physician"] == "REFERRER^PLANTED" and b["study_date"] == "20240229", b
    assert len(b["sop_instance_uids"]) == 155, len(b["sop_instance_uids"])
    seen |= {v for v in b.values() if isinstance(v, str)} | set(b["sop_instance_uids"])
    seen |= set(b["patient_name"].split("^")) | set(b["referring_physician"].split("^")) | set(b["performing_physician"].split("^"))
text = json.dumps(j)
assert not [v for v in phi if v in text], [v for v in phi if v in text][:3]
assert not [v for v in phi if v not in seen], [v for v in phi if v not in seen][:3]
PY

echo "dicom_info_phi: ok"
