#!/usr/bin/env bash
# rimscan train / validate on bad input: exit 1, exactly one line on stderr naming the file and
# the problem (line and column where there is one), nothing on stdout, no output file left.
set -euo pipefail
BIN=${RIMSCAN_BIN:?}
TMP=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/train_validate_err.XXXXXX" 2>/dev/null || mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"

# A valid features table and label file to start from (30 cases, pCE separable by one feature).
python3 - <<'PY'
with open("features.csv", "w") as f, open("labels.csv", "w") as g, open("results.csv", "w") as r:
    f.write("case_id,summary.index_core_fraction,leptomeningeal.burden\n")
    g.write("case_id,pce,lmd\n")
    r.write("case_id,pce_probability,pce_call,lmd_probability,lmd_call\n")
    for i in range(30):
        pce, lmd = int(i % 3 == 0), int(i % 2 == 0)
        f.write(f"c{i},{0.5 + i / 100 if pce else i / 300},{0.02 + (i % 7) / 100}\n")
        g.write(f"c{i},{pce},{lmd}\n")
        p = 0.9 if pce else 0.1
        r.write(f"c{i},{p},{'positive' if pce else 'negative'},0.5,indeterminate\n")
PY
FEAT="--features-pce summary.index_core_fraction --features-lmd leptomeningeal.burden"
"$BIN" train features.csv labels.csv -o ok.json $FEAT > /dev/null  # the baseline works

# expect_error NAME PATTERN OUTPUT -- command...: exit 1, one stderr line matching PATTERN,
# empty stdout, OUTPUT not created.
expect_error() {
  local name=$1 pattern=$2 output=$3
  shift 4
  set +e
  "$@" > "$name.out" 2> "$name.err"
  local rc=$?
  set -e
  if [ "$rc" -ne 1 ]; then echo "$name: exit $rc, expected 1"; cat "$name.err"; exit 1; fi
  if [ -s "$name.out" ]; then echo "$name: stdout not empty"; exit 1; fi
  if [ "$(wc -l < "$name.err")" -ne 1 ]; then echo "$name: stderr is not one line:"; cat "$name.err"; exit 1; fi
  if ! grep -q -- "$pattern" "$name.err"; then echo "$name: '$pattern' not in: $(cat "$name.err")"; exit 1; fi
  if [ -e "$output" ]; then echo "$name: $output was written"; exit 1; fi
}

# Labels that are not 0/1.
sed 's/^c4,0,1$/c4,yes,1/' labels.csv > bad_value.csv
expect_error bad_value "bad_value.csv line 6, column pce: 'yes' is not 0, 1 or empty" m1.json -- \
  "$BIN" train features.csv bad_value.csv -o m1.json $FEAT
expect_error bad_value_v "bad_value.csv line 6, column pce" rep1 -- \
  "$BIN" validate results.csv bad_value.csv -o rep1

# A labelled case id that the features / results do not have.
{ cat labels.csv; echo "ghost,1,0"; } > unknown.csv
expect_error unknown "not found in features.csv (first: 'ghost')" m2.json -- \
  "$BIN" train features.csv unknown.csv -o m2.json $FEAT
expect_error unknown_v "have no pce result in results.csv (first: 'ghost'); use --allow-missing" rep2 -- \
  "$BIN" validate results.csv unknown.csv -o rep2
# ... which --allow-missing accepts, reporting the count.
"$BIN" validate results.csv unknown.csv -o rep3 --allow-missing > /dev/null 2> allow.err
python3 -c "import json; j = json.load(open('rep3/validation.json')); assert j['pce']['n_missing_results'] == 1 and j['pce']['n'] == 30"
grep -q "1 labelled case(s) have no result" allow.err

# Empty files.
: > empty.csv
expect_error empty_f "empty.csv: empty file" m3.json -- "$BIN" train empty.csv labels.csv -o m3.json $FEAT
expect_error empty_l "empty.csv: empty file" m4.json -- "$BIN" train features.csv empty.csv -o m4.json $FEAT
expect_error empty_r "empty.csv: empty file" rep4 -- "$BIN" validate empty.csv labels.csv -o rep4

# Duplicate case ids, a ragged row, a text cell in a feature column, a missing file.
{ cat features.csv; echo "c3,0.1,0.2"; } > dup.csv
expect_error dup "duplicate case_id 'c3' (line 5 and line 32)" m5.json -- "$BIN" train dup.csv labels.csv -o m5.json $FEAT
{ cat features.csv; echo "c99,0.1"; } > ragged.csv
expect_error ragged "ragged.csv line 32: 2 fields, the header has 3" m6.json -- "$BIN" train ragged.csv labels.csv -o m6.json $FEAT
sed 's/^c2,\([^,]*\),/c2,high,/' features.csv > text.csv
expect_error text "text.csv line 4, column summary.index_core_fraction: 'high' is not a number" m7.json -- \
  "$BIN" train text.csv labels.csv -o m7.json $FEAT
expect_error missing "nope.csv: no such file" m8.json -- "$BIN" train nope.csv labels.csv -o m8.json $FEAT
# A feature that is not a column, a probability outside [0, 1], a call that is not a call.
expect_error nocol "no column 'summary.typo'" m9.json -- \
  "$BIN" train features.csv labels.csv -o m9.json --features-pce summary.typo --flags pce
sed 's/^c5,0.1,negative/c5,1.5,negative/' results.csv > prob.csv
expect_error prob "prob.csv line 7, column pce_probability: probability 1.500000 is outside" rep5 -- \
  "$BIN" validate prob.csv labels.csv -o rep5
sed 's/^c5,0.1,negative/c5,0.1,maybe/' results.csv > call.csv
expect_error call "call.csv line 7, column pce_call: 'maybe' is not a call" rep6 -- "$BIN" validate call.csv labels.csv -o rep6
# One class only: no cross-validation possible.
sed 's/,1,\([01]\)$/,0,\1/' labels.csv > oneclass.csv
expect_error oneclass "pce: cross-validation needs at least 2 cases of each class (got 0 positive" m10.json -- \
  "$BIN" train features.csv oneclass.csv -o m10.json $FEAT

# Usage errors exit 2.
set +e
"$BIN" train features.csv labels.csv -o m11.json --flags xyz > /dev/null 2>&1
rc=$?
set -e
test "$rc" -eq 2
echo "train_validate_errors: ok"
