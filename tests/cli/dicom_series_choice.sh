#!/usr/bin/env bash
# Series choice with more than one DICOM input (tiny phantom, so each run takes about a second):
# a T1c directory holding a post-contrast and a pre-contrast series, and a T1 pre-contrast
# directory of its own.
#  - `extract --series KEY` reads that series of the T1c directory, and --t1pre's directory is
#    chosen on its own (the T1c's key is not looked for there); --series-description chooses by
#    description (the automatic choice is tested in tests/io/test_dicom_series.cpp and
#    dicom_info_phi.sh);
#  - --keep-phi writes one dicom_identifiers block per DICOM input (t1c and t1pre), each with the
#    UIDs of the series actually read.
set -euo pipefail
BIN=${RIMSCAN_BIN:?}
MAKE=${RIMSCAN_MAKE_DICOM:?}
mkdir -p "${RIMSCAN_TEST_TMP:-/tmp}"
TMP=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/dicom_series_choice.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'echo "dicom_series_choice: FAIL: line $LINENO: $BASH_COMMAND" >&2' ERR
STUDY=1.2.826.0.1.3680043.2.1125.7373.1

"$BIN" phantom -o "$TMP/ph" --n 1 --preset tiny --quantize --seed 11 > /dev/null
NII="$TMP/ph/phantom_0000_t1c.nii.gz"
"$MAKE" "$NII" "$TMP/t1c/post" --plant-phi --study-uid "$STUDY" --series-uid "$STUDY.5" --number 5 \
  --description "T1 AX POST GD" --agent Gadobutrol > /dev/null
"$MAKE" "$NII" "$TMP/t1c/pre" --plant-phi --study-uid "$STUDY" --series-uid "$STUDY.3" --number 3 \
  --description "T1 AX PRE" --agent "" > /dev/null
"$MAKE" "$NII" "$TMP/t1pre" --plant-phi --study-uid "$STUDY" --series-uid "$STUDY.4" --number 4 \
  --description "T1 AX PRE" --agent "" > /dev/null

"$BIN" info "$TMP/t1c" > "$TMP/info.json"
"$BIN" info "$TMP/t1pre" > "$TMP/info_pre.json"
key() { python3 -c 'import json,sys; print([s["key"] for s in json.load(open(sys.argv[1]))["series"] if s["series_number"] == int(sys.argv[2])][0])' "$@"; }
POST=$(key "$TMP/info.json" 5); PRE=$(key "$TMP/info.json" 3); OWNPRE=$(key "$TMP/info_pre.json" 4)

"$BIN" extract "$TMP/t1c" --series "$PRE" --t1pre "$TMP/t1pre" --keep-phi -o "$TMP/by_key.json" --device cpu --threads 2
"$BIN" extract "$TMP/t1c" --series-description 'post\s+gd' -o "$TMP/by_description.json" --device cpu --threads 2

python3 - "$TMP" "$STUDY" "$POST" "$PRE" "$OWNPRE" <<'PY'
import json, sys
tmp, study, post, pre, ownpre = sys.argv[1:6]
k = json.load(open(tmp + "/by_key.json"))
assert k["inputs"]["t1c"]["dicom_series_key"] == pre, k["inputs"]["t1c"]
assert k["inputs"]["t1pre"]["dicom_series_key"] == ownpre, k["inputs"]["t1pre"]
assert k["inputs"]["t1c"]["dicom_identifiers"]["series_uid"] == study + ".3"
assert k["inputs"]["t1pre"]["dicom_identifiers"]["series_uid"] == study + ".4"
assert k["inputs"]["t1pre"]["dicom_identifiers"]["patient_id"] == "PID-7731-PLANTED"
for name in ("by_description",):
    d = json.load(open(f"{tmp}/{name}.json"))
    assert d["inputs"]["t1c"]["dicom_series_key"] == post, (name, d["inputs"]["t1c"])
    assert "dicom_identifiers" not in d["inputs"]["t1c"], name
PY
echo "dicom_series_choice: ok"
