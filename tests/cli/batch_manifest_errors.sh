#!/usr/bin/env bash
# Batch-level errors stop rimscan batch before any case runs, with one line on stderr and the
# documented exit code: 1 for an unreadable or malformed manifest, duplicate case ids, unsafe
# ids, an output directory that cannot be written or is in use; 2 for usage (--shard).
TEST_NAME=batch_manifest_errors
source "$(dirname "$0")/lib/batch_lib.sh"

make_cases "$TMP/in" 2
expect() {  # expect CODE PATTERN ARGS...: exit code, one stderr line matching, no results
  local want=$1 pattern=$2; shift 2
  local rc
  rc=$(run_rc "$BIN" batch "$@" --progress none 2> "$TMP/err.txt")
  [ "$rc" -eq "$want" ] || fail "exit $rc (want $want) for: $* ($(cat "$TMP/err.txt"))"
  grep -q -- "$pattern" "$TMP/err.txt" || fail "stderr lacks '$pattern': $(cat "$TMP/err.txt")"
  [ "$(wc -l < "$TMP/err.txt")" -eq 1 ] || fail "stderr is not one line: $(cat "$TMP/err.txt")"
}

expect 1 "nope.csv" "$TMP/nope.csv" -o "$TMP/o1"
[ ! -e "$TMP/o1" ] || fail "an output directory was made for a missing manifest"
printf 'case_id,t1c\nA,in/case_00.nii.gz\nA,in/case_01.nii.gz\n' > "$TMP/dup.csv"
expect 1 "lines 2 and 3 have the same case id 'A'" "$TMP/dup.csv" -o "$TMP/o2"
[ ! -e "$TMP/o2/results.csv" ] || fail "results.csv written despite duplicate ids"
# No case_id column: ids come from file names; two rows with the same file name collide.
mkdir -p "$TMP/in2"; cp "$TMP/in/case_00.nii.gz" "$TMP/in2/case_00.nii.gz"
printf 't1c\nin/case_00.nii.gz\nin2/case_00.nii.gz\n' > "$TMP/dup2.csv"
expect 1 "add a case_id column" "$TMP/dup2.csv" -o "$TMP/o3"
printf 'case_id,t1c\n../evil,in/case_00.nii.gz\n' > "$TMP/unsafe.csv"
expect 1 "line 2: the case id '../evil'" "$TMP/unsafe.csv" -o "$TMP/o4"
printf 'case_id,t1c\nA,"in/case_00.nii.gz\n' > "$TMP/quote.csv"
expect 1 "never closed" "$TMP/quote.csv" -o "$TMP/o5"
printf 'case_id,t1c\nA,in/case_00.nii.gz,extra\n' > "$TMP/fields.csv"
expect 1 "line 2: 3 fields, the header has 2" "$TMP/fields.csv" -o "$TMP/o6"
printf 'case_id,flair\nA,in/case_00.nii.gz\n' > "$TMP/not1c.csv"
expect 1 "no t1c column" "$TMP/not1c.csv" -o "$TMP/o7"
printf 'case_id,t1c,pce_call\nA,in/case_00.nii.gz,x\n' > "$TMP/clash.csv"
expect 1 "pce_call" "$TMP/clash.csv" -o "$TMP/o8"

printf 'case_id,t1c\nA,in/case_00.nii.gz\n' > "$TMP/ok.csv"
expect 2 "K must be between 0 and N-1" "$TMP/ok.csv" -o "$TMP/o9" --shard 3/3
expect 2 "expected K/N" "$TMP/ok.csv" -o "$TMP/o9" --shard 1
# An output path that is a file, not a directory.
touch "$TMP/afile"
expect 1 "afile" "$TMP/ok.csv" -o "$TMP/afile"
# A directory another rimscan process is writing (its lock is held).
mkdir -p "$TMP/busy"
python3 - "$TMP/busy/.rimscan_batch.lock" "$TMP/locked" <<'PY' &
import fcntl, os, sys, time
f = open(sys.argv[1], "w")
fcntl.flock(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(30)
PY
LOCKER=$!
for _ in $(seq 100); do [ -e "$TMP/locked" ] && break; sleep 0.1; done
expect 1 "another rimscan process is writing" "$TMP/ok.csv" -o "$TMP/busy"
kill "$LOCKER"; wait "$LOCKER" 2>/dev/null || true
rc=$(run_rc "$BIN" batch "$TMP/ok.csv" -o "$TMP/busy" --progress none)
[ "$rc" -eq 0 ] || fail "the directory stayed locked after its holder exited"
echo "batch_manifest_errors: ok"
