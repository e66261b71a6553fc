#!/usr/bin/env bash
# Sharding covers every case exactly once, and merging the shards gives what one unsharded run
# gives: `rimscan batch --shard K/3` for K = 0, 1, 2 into three directories, then
# `rimscan merge`, equals `rimscan batch` without --shard, byte for byte (results.csv and
# errors.csv, a failing case included). Merge refuses shards of another manifest, reports a
# missing shard (exit 3), and refuses a row present in two directories.
TEST_NAME=batch_shard_merge
source "$(dirname "$0")/lib/batch_lib.sh"

make_cases "$TMP/in" 6
{
  echo "case_id,t1c,group"
  for i in 0 1 2 3 4 5; do echo "s$i,in/case_0$i.nii.gz,g$((i % 2))"; done
  echo "broken,in/none.nii.gz,g9"
} > "$TMP/manifest.csv"

rc=$(run_rc "$BIN" batch "$TMP/manifest.csv" -o "$TMP/all" --progress none)
[ "$rc" -eq 3 ] || fail "unsharded exit code $rc, want 3 (one broken case)"
for k in 0 1 2; do
  rc=$(run_rc "$BIN" batch "$TMP/manifest.csv" -o "$TMP/shard$k" --shard "$k/3" --progress none)
  want=0; [ "$k" -eq 0 ] && want=3   # row 6 (broken) belongs to shard 6 mod 3 = 0
  [ "$rc" -eq "$want" ] || fail "shard $k exit code $rc, want $want"
done

# Each case is in exactly one shard, and the shards hold every case.
cat "$TMP"/shard{0,1,2}/batch_manifest.json | python3 -c "
import json, sys
text = sys.stdin.read()
dec = json.JSONDecoder(); pos = 0; idx = []
while pos < len(text):
    while pos < len(text) and text[pos].isspace(): pos += 1
    if pos >= len(text): break
    d, pos = dec.raw_decode(text, pos)
    k, n = map(int, d['shard'].split('/'))
    for c in d['cases']:
        assert c['index'] % n == k, (c, d['shard'])
        idx.append(c['index'])
assert sorted(idx) == list(range(7)), sorted(idx)"
for k in 0 1 2; do
  python3 - "$TMP/shard$k/results.csv" "$k" <<'PY'
import csv, sys
k = int(sys.argv[2])
ids = [r["case_id"] for r in csv.DictReader(open(sys.argv[1], newline=""))]
want = [f"s{i}" for i in range(6) if i % 3 == k]
assert ids == want, (ids, want)
PY
done

# Merge (shard directories in any order) == unsharded.
rc=$(run_rc "$BIN" merge "$TMP/shard2" "$TMP/shard0" "$TMP/shard1" -o "$TMP/merged")
[ "$rc" -eq 3 ] || fail "merge exit code $rc, want 3 (the broken case)"
cmp "$TMP/all/results.csv" "$TMP/merged/results.csv" || fail "merged results.csv differs from the unsharded run"
cmp "$TMP/all/errors.csv" "$TMP/merged/errors.csv" || fail "merged errors.csv differs from the unsharded run"
[ "$(column "$TMP/merged/results.csv" case_id | wc -l)" -eq 6 ] || fail "merged results.csv does not hold 6 cases"

# A missing shard: the merge reports its rows in errors.csv and exits 3.
rc=$(run_rc "$BIN" merge "$TMP/shard0" "$TMP/shard2" -o "$TMP/partial" 2> "$TMP/partial.err")
[ "$rc" -eq 3 ] || fail "merge of two of three shards: exit $rc"
[ "$(grep -c 'in none of the merged directories' "$TMP/partial/errors.csv")" -eq 2 ] || fail "missing rows not reported"
grep -q "2 in no shard" "$TMP/partial.err" || fail "stderr lacks the summary: $(cat "$TMP/partial.err")"

# Shards of another manifest are refused: a run of an edited manifest (the edit leaves the
# shard's own cases unchanged, so they are resumed from a copy instead of recomputed).
cp -r "$TMP/shard0" "$TMP/other0"
sed 's/g9/G9/' "$TMP/manifest.csv" > "$TMP/other.csv"
rc=$(run_rc "$BIN" batch "$TMP/other.csv" -o "$TMP/other0" --shard 0/3 --progress json 2> "$TMP/other.log")
grep -q '"resumed":2' "$TMP/other.log" || fail "the edited manifest's shard did not resume its 2 finished cases"
rc=$(run_rc "$BIN" merge "$TMP/other0" "$TMP/shard1" "$TMP/shard2" -o "$TMP/bad" 2> "$TMP/bad.err")
[ "$rc" -eq 1 ] && grep -q "different manifests" "$TMP/bad.err" || fail "merge of different manifests: exit $rc $(cat "$TMP/bad.err")"
# The same rows twice (an unsharded run and a shard).
rc=$(run_rc "$BIN" merge "$TMP/all" "$TMP/shard0" -o "$TMP/dup" 2> "$TMP/dup.err")
[ "$rc" -eq 1 ] && grep -q "appear in two shard directories" "$TMP/dup.err" || fail "duplicate rows: exit $rc $(cat "$TMP/dup.err")"
# Not a batch directory.
rc=$(run_rc "$BIN" merge "$TMP/in" -o "$TMP/x" 2> "$TMP/x.err")
[ "$rc" -eq 1 ] && grep -q "no batch_manifest.json" "$TMP/x.err" || fail "merge of a non-batch dir: exit $rc"
echo "batch_shard_merge: ok"
