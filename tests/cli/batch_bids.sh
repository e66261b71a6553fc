#!/usr/bin/env bash
# --layout bids writes a BIDS derivatives dataset: dataset_description.json (DatasetType
# derivative, GeneratedBy rimscan), per-case files under sub-<label>/[ses-<label>/]anat with
# desc-rimscan names, and results.csv/errors.csv at the top (listed in .bidsignore). Resume and
# failures work as in the flat layout. Case ids that map to the same BIDS name are refused.
TEST_NAME=batch_bids
source "$(dirname "$0")/lib/batch_lib.sh"

make_cases "$TMP/in" 3
cat > "$TMP/manifest.csv" <<'CSV'
case_id,t1c
sub-01_ses-pre,in/case_00.nii.gz
sub-01_ses-post,in/case_01.nii.gz
P-07,in/case_02.nii.gz
sub-02,in/missing.nii.gz
CSV
rc=$(run_rc "$BIN" batch "$TMP/manifest.csv" -o "$TMP/out" --layout bids --progress none)
[ "$rc" -eq 3 ] || fail "exit code $rc, want 3 (sub-02 is missing)"
python3 - "$TMP/out/dataset_description.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["DatasetType"] == "derivative", d
assert d["BIDSVersion"].startswith("1."), d
assert d["GeneratedBy"][0]["Name"] == "rimscan" and d["GeneratedBy"][0]["Version"], d
PY
for f in sub-01/ses-pre/anat/sub-01_ses-pre_desc-rimscan_metrics.json \
         sub-01/ses-post/anat/sub-01_ses-post_desc-rimscan_metrics.json \
         sub-P07/anat/sub-P07_desc-rimscan_metrics.json; do
  [ -f "$TMP/out/$f" ] || fail "no $f"
done
[ ! -e "$TMP/out/cases" ] || fail "flat cases/ folder in a BIDS layout"
[ -f "$TMP/out/errors/sub-02.json" ] || fail "no error record for sub-02"
grep -q '^errors/$' "$TMP/out/.bidsignore" || fail ".bidsignore lacks errors/"
[ "$(column "$TMP/out/results.csv" case_id | tr '\n' ' ')" = "sub-01_ses-pre sub-01_ses-post P-07 " ] || fail "results.csv rows"
# Resume in the BIDS layout.
rc=$(run_rc "$BIN" batch "$TMP/manifest.csv" -o "$TMP/out" --layout bids --progress json 2> "$TMP/run2.log")
grep -q '"resumed":3' "$TMP/run2.log" || fail "BIDS rerun did not resume"
# Two ids with one BIDS name.
printf 'case_id,t1c\nP-1,in/case_00.nii.gz\nP1,in/case_01.nii.gz\n' > "$TMP/clash.csv"
rc=$(run_rc "$BIN" batch "$TMP/clash.csv" -o "$TMP/clash" --layout bids --progress none 2> "$TMP/clash.err")
[ "$rc" -eq 1 ] && grep -q "same BIDS name" "$TMP/clash.err" || fail "BIDS name clash: exit $rc"
echo "batch_bids: ok"
