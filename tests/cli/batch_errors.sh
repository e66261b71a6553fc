#!/usr/bin/env bash
# One failing case never stops a batch: a missing file, a truncated (corrupt) file, an empty t1c
# cell, an unknown lesion label scheme and a mask on another grid are each recorded in
# errors.csv (and errors/<id>.json) with the stage that failed, every other case completes, and
# the exit code is 3. A rerun retries the failed cases: once an input is fixed its case
# succeeds and leaves errors.csv.
TEST_NAME=batch_errors
source "$(dirname "$0")/lib/batch_lib.sh"

make_cases "$TMP/in" 4
head -c 3000 "$TMP/in/case_01.nii.gz" > "$TMP/in/truncated.nii.gz"
write_tiny_mask "$TMP/in/small_mask.nii.gz"
cat > "$TMP/manifest.csv" <<CSV
case_id,t1c,lesion_mask,lesion_labels
ok0,in/case_00.nii.gz,,
missing,in/not_there.nii.gz,,
ok1,in/case_01.nii.gz,,
corrupt,in/truncated.nii.gz,,
empty,,,
labels,in/case_02.nii.gz,in/small_mask.nii.gz,enhancing=banana
grid,in/case_02.nii.gz,in/small_mask.nii.gz,
ok3,in/case_03.nii.gz,,
CSV

rc=$(run_rc "$BIN" batch "$TMP/manifest.csv" -o "$TMP/out" --jobs 2 --progress json 2> "$TMP/run1.log")
[ "$rc" -eq 3 ] || { cat "$TMP/run1.log"; fail "exit code $rc, want 3"; }
[ "$(column "$TMP/out/results.csv" case_id | tr '\n' ' ')" = "ok0 ok1 ok3 " ] || fail "results.csv rows: $(column "$TMP/out/results.csv" case_id | tr '\n' ' ')"

python3 - "$TMP/out/errors.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
got = [(r["case_id"], r["stage"], r["code"]) for r in rows]
want = [("missing", "read", "input_missing"), ("corrupt", "read", "input_corrupt"),
        ("empty", "manifest", "input_invalid"), ("labels", "manifest", "usage"),
        ("grid", "analyse", "geometry_mismatch")]
assert got == want, got
msg = {r["case_id"]: r["message"] for r in rows}
assert "not_there.nii.gz" in msg["missing"], msg
assert "truncated.nii.gz" in msg["corrupt"], msg
assert "line 6" in msg["empty"], msg
assert "banana" in msg["labels"], msg
for m in msg.values():
    assert "\n" not in m, m
PY
for id in missing corrupt empty labels grid; do
  python3 -c "import json,sys; e=json.load(open(sys.argv[1])); assert e['case_id']==sys.argv[2] and e['stage'], e" \
    "$TMP/out/errors/$id.json" "$id" || fail "error record of $id"
  [ ! -e "$TMP/out/cases/$id.json" ] || fail "$id has a case JSON"
done
grep -q '"event":"case_failed","case_id":"corrupt"' "$TMP/run1.log" || fail "no case_failed event"

# Fix one input; the rerun retries the failures and keeps the finished cases.
cp "$TMP/in/case_03.nii.gz" "$TMP/in/not_there.nii.gz"
rc=$(run_rc "$BIN" batch "$TMP/manifest.csv" -o "$TMP/out" --progress json 2> "$TMP/run2.log")
[ "$rc" -eq 3 ] || fail "rerun exit code $rc, want 3"
grep -q '"resumed":3' "$TMP/run2.log" || fail "rerun did not resume the 3 finished cases"
[ "$(column "$TMP/out/results.csv" case_id | tr '\n' ' ')" = "ok0 missing ok1 ok3 " ] || fail "after the fix: $(column "$TMP/out/results.csv" case_id | tr '\n' ' ')"
[ "$(column "$TMP/out/errors.csv" case_id | tr '\n' ' ')" = "corrupt empty labels grid " ] || fail "errors after the fix"
[ ! -e "$TMP/out/errors/missing.json" ] || fail "the fixed case kept its error record"
no_temp_files "$TMP/out"
echo "batch_errors: ok"
