#!/usr/bin/env bash
# rimscan batch survives SIGKILL: a batch of 10 cases is killed (kill -9) after a few cases have
# finished; the files it left under final names are all complete, and a rerun (resume is the
# default) skips the finished cases, removes the temporary files, and ends with every case in
# results.csv exactly once, in manifest order.
TEST_NAME=batch_resume_kill
source "$(dirname "$0")/lib/batch_lib.sh"

make_cases "$TMP/in" 10
{
  echo "case_id,t1c"
  # Manifest order differs from sorted order, so order is checked for real.
  for i in 03 07 00 09 01 05 08 02 06 04; do echo "k$i,in/case_$i.nii.gz"; done
} > "$TMP/manifest.csv"

# First run, in the background; killed once three cases are done.
"$BIN" batch "$TMP/manifest.csv" -o "$TMP/out" --jobs 1 --progress json 2> "$TMP/run1.log" &
PID=$!
for _ in $(seq 600); do
  n=$(grep -c '"event":"case_done"' "$TMP/run1.log" || true)
  [ "$n" -ge 3 ] && break
  kill -0 "$PID" 2>/dev/null || break
  sleep 0.1
done
kill -9 "$PID" 2>/dev/null || fail "the batch finished before it could be killed (cases too fast?)"
wait "$PID" 2>/dev/null || true
done1=$(grep -c '"event":"case_done"' "$TMP/run1.log" || true)
[ "$done1" -ge 3 ] || fail "only $done1 case(s) finished before the kill"
[ "$done1" -lt 10 ] || fail "all cases finished before the kill"

# What the killed run left under final names is complete.
all_json_valid "$TMP/out" || fail "partial JSON after SIGKILL"
n_json=$(find "$TMP/out/cases" -name '*.json' ! -name '.*' | wc -l)
[ "$n_json" -ge "$done1" ] && [ "$n_json" -lt 10 ] || fail "$n_json case JSON files after the kill, $done1 done events"
if [ -f "$TMP/out/results.csv" ]; then python3 -c "import csv,sys; list(csv.reader(open(sys.argv[1])))" "$TMP/out/results.csv"; fi

# Temporary files as a kill in the middle of a write leaves them (the kill above may or may not
# have hit one): the rerun removes them in rimscan's folders and nowhere else.
printf '{"partial' > "$TMP/out/cases/.k03.tmp-0123456789ab.json"
mkdir -p "$TMP/out/maps" "$TMP/out/mine"
printf 'x' > "$TMP/out/maps/.k07_labels.tmp-abcdef012345.nii.gz"
printf 'x' > "$TMP/out/mine/.notes.tmp-0123456789ab.txt"   # a user's folder: left alone

# Rerun: resumes, finishes the rest.
rc=$(run_rc "$BIN" batch "$TMP/manifest.csv" -o "$TMP/out" --jobs 2 --progress json 2> "$TMP/run2.log")
[ "$rc" -eq 0 ] || { cat "$TMP/run2.log"; fail "rerun exit code $rc"; }
resumed=$(python3 -c "
import json,sys
for l in open(sys.argv[1]):
    if l.startswith('{'):
        e=json.loads(l)
        if e['event']=='batch_start': print(e['resumed'])" "$TMP/run2.log")
[ "$resumed" -ge "$done1" ] || fail "rerun resumed $resumed case(s), $done1 were finished"
done2=$(grep -c '"event":"case_done"' "$TMP/run2.log" || true)
[ $((resumed + done2)) -eq 10 ] || fail "resumed $resumed + computed $done2 != 10"

# Every case exactly once, in manifest order; no temp files; no error records.
column "$TMP/out/results.csv" case_id > "$TMP/ids.txt"
printf 'k%s\n' 03 07 00 09 01 05 08 02 06 04 > "$TMP/want.txt"
diff "$TMP/want.txt" "$TMP/ids.txt" || fail "results.csv rows differ from the manifest"
[ "$(find "$TMP/out/cases" -name '*.json' ! -name '.*' | wc -l)" -eq 10 ] || fail "not 10 case JSON files"
[ -f "$TMP/out/mine/.notes.tmp-0123456789ab.txt" ] || fail "a file outside rimscan's folders was removed"
rm "$TMP/out/mine/.notes.tmp-0123456789ab.txt"
no_temp_files "$TMP/out"
all_json_valid "$TMP/out"
[ "$(tail -n +2 "$TMP/out/errors.csv" | wc -l)" -eq 0 ] || fail "errors.csv is not empty"

# A third run has nothing to do and rewrites the same results.
cp "$TMP/out/results.csv" "$TMP/results2.csv"
rc=$(run_rc "$BIN" batch "$TMP/manifest.csv" -o "$TMP/out" --progress json 2> "$TMP/run3.log")
[ "$rc" -eq 0 ] || fail "third run exit code $rc"
grep -q '"resumed":10' "$TMP/run3.log" || fail "third run did not resume all 10"
! grep -q '"event":"case_done"' "$TMP/run3.log" || fail "third run recomputed a case"
cmp "$TMP/out/results.csv" "$TMP/results2.csv" || fail "results.csv changed on a run with nothing to do"
echo "batch_resume_kill: ok (killed after $done1 case(s), resumed $resumed)"
