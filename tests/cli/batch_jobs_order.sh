#!/usr/bin/env bash
# results.csv follows manifest order and is byte-identical for --jobs 1 and --jobs 2 (it holds
# no timings). Also: pyradiomics-style Image/Mask headers, paths relative to the manifest's
# folder (run from another working directory), ids derived from file names when there is no
# case_id column, and unknown columns carried into results.csv after the metrics.
TEST_NAME=batch_jobs_order
source "$(dirname "$0")/lib/batch_lib.sh"

mkdir -p "$TMP/study/images"
make_cases "$TMP/study/images" 6
# pyradiomics layout: Image, Mask (empty here), extra columns with a comma and a quote.
cat > "$TMP/study/manifest.csv" <<'CSV'
Image,Mask,Reader,Note
images/case_04.nii.gz,,R1,"second look, ""maybe"""
images/case_01.nii.gz,,R2,
images/case_05.nii.gz,,R1,plain
images/case_00.nii.gz,,R3,
images/case_03.nii.gz,,R2,x
images/case_02.nii.gz,,R1,y
CSV

mkdir -p "$TMP/elsewhere"
cd "$TMP/elsewhere"   # relative paths must resolve against the manifest, not here
rc1=$(run_rc "$BIN" batch ../study/manifest.csv -o "$TMP/j1" --jobs 1 --progress none)
rc2=$(run_rc "$BIN" batch ../study/manifest.csv -o "$TMP/j2" --jobs 2 --io-threads 3 --progress none)
[ "$rc1" -eq 0 ] && [ "$rc2" -eq 0 ] || fail "exit codes $rc1 $rc2"
cmp "$TMP/j1/results.csv" "$TMP/j2/results.csv" || fail "results.csv differs between --jobs 1 and --jobs 2"
cmp "$TMP/j1/errors.csv" "$TMP/j2/errors.csv"

python3 - "$TMP/j1/results.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
header, body = rows[0], rows[1:]
assert header[:5] == ["case_id", "pce_probability", "pce_call", "lmd_probability", "lmd_call"], header[:5]
assert header[-2:] == ["Reader", "Note"], header[-2:]
metrics = header[5:-2]
assert metrics, "no metric columns"
for m in metrics:
    assert m.split(".")[0] in ("summary", "leptomeningeal", "qc"), m
ids = [r[0] for r in body]
assert ids == ["case_04", "case_01", "case_05", "case_00", "case_03", "case_02"], ids
assert body[0][-1] == 'second look, "maybe"', body[0][-1]
assert body[0][-2] == "R1" and body[3][-2] == "R3", body
for r in body:
    assert len(r) == len(header)
    assert r[2] in ("positive", "negative", "indeterminate"), r[2]
    assert 0.0 <= float(r[1]) <= 1.0
PY
# The per-case JSON carries the inputs resolved against the manifest's folder.
python3 -c "
import json,sys,os
d=json.load(open(sys.argv[1]))
p=d['inputs']['t1c']['path']
assert os.path.samefile(p, sys.argv[2]), p" "$TMP/j1/cases/case_04.json" "$TMP/study/images/case_04.nii.gz"
echo "batch_jobs_order: ok"
