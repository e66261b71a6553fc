#!/usr/bin/env bash
# rimscan phantom end to end: two tiny cases; every file written; labels.csv and manifest.csv
# columns; the truth flags in labels.csv agree with the per-case JSON; the output is byte-identical
# across two runs and across --threads 1 and 2; bad options are usage errors (exit 2).
set -euo pipefail
BIN=${RIMSCAN_BIN:?}
mkdir -p "${RIMSCAN_TEST_TMP:-/tmp}"
TMP=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/phantom_basic.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

run() { "$BIN" phantom --preset tiny --n 2 --seed 42 --kinds rim_lmd,normal --cycle --write-tissue "$@"; }
run -o "$TMP/a" --threads 1 > "$TMP/a.stdout"
run -o "$TMP/b" --threads 2 > "$TMP/b.stdout"
run -o "$TMP/c" --threads 2 > /dev/null

for id in phantom_0000 phantom_0001; do
  for f in t1c.nii.gz truth.nii.gz intracranial.nii.gz tissue.nii.gz truth.json; do
    test -s "$TMP/a/${id}_$f" || { echo "missing ${id}_$f" >&2; exit 1; }
  done
done
for f in labels.csv manifest.csv params.json; do test -s "$TMP/a/$f" || { echo "missing $f" >&2; exit 1; }; done
# No temporary files left behind.
if ls -A "$TMP/a" | grep -q tmp; then echo "temporary file left in the output" >&2; exit 1; fi

# Determinism: every output file identical across runs and thread counts.
for f in $(cd "$TMP/a" && ls); do
  cmp -s "$TMP/a/$f" "$TMP/b/$f" || { echo "$f differs between --threads 1 and 2" >&2; exit 1; }
  cmp -s "$TMP/b/$f" "$TMP/c/$f" || { echo "$f differs between two runs" >&2; exit 1; }
done
# stdout carries the labels table.
cmp -s "$TMP/a.stdout" "$TMP/a/labels.csv" || { echo "stdout is not labels.csv" >&2; exit 1; }

python3 - "$TMP/a" <<'PY'
import csv, json, os, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(d, "labels.csv"))))
assert len(rows) == 2, rows
for col in ("case_id", "pce", "lmd", "n_lesions", "lmd_type", "spacing_mm", "orientation"):
    assert col in rows[0], col
for r in rows:
    assert r["pce"] in ("0", "1") and r["lmd"] in ("0", "1"), r
    j = json.load(open(os.path.join(d, r["case_id"] + "_truth.json")))
    assert j["truth"]["pce"] == int(r["pce"]) and j["truth"]["lmd"] == int(r["lmd"]), (r, j["truth"])
    assert j["truth"]["lmd"] == (1 if j["truth"]["lme_voxels"] > 0 else 0)
# --cycle: case 0 is rim_lmd, case 1 normal.
assert rows[0]["kind"] == "rim_lmd" and rows[1]["kind"] == "normal", rows
assert rows[0]["lmd"] == "1" and rows[1]["pce"] == "0" and rows[1]["lmd"] == "0", rows
m = list(csv.DictReader(open(os.path.join(d, "manifest.csv"))))
assert [list(x.keys()) for x in m][0] == ["case_id", "t1c", "brain_mask"], m
for x in m:
    assert os.path.exists(os.path.join(d, x["t1c"])) and os.path.exists(os.path.join(d, x["brain_mask"]))
PY

# Usage errors exit 2 and write nothing.
for bad in "--lesion-radius-mm 20:4" "--spacing 1,1" "--orientation LLS" "--kinds cyst" "--preset huge" \
           "--rim-probability 2" "--device cuda"; do
  set +e
  case "$bad" in --preset*) pre="" ;; *) pre="--preset tiny" ;; esac
  # shellcheck disable=SC2086
  "$BIN" phantom -o "$TMP/bad" --n 1 $pre $bad > /dev/null 2> "$TMP/err.txt"
  rc=$?
  set -e
  [ "$rc" -eq 2 ] || { echo "'$bad' exited $rc, expected 2: $(cat "$TMP/err.txt")" >&2; exit 1; }
  [ "$(wc -l < "$TMP/err.txt")" -eq 1 ] || { echo "'$bad': error is not one line" >&2; exit 1; }
done
test ! -e "$TMP/bad/labels.csv"
echo "phantom_basic: ok"
