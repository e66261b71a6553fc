#!/usr/bin/env bash
# Determinism (docs/reliability.md#determinism): the same case gives byte-identical outputs with
# 1, 2 and 8 threads and across two runs with 8 threads: the case JSON apart from its `run`
# block (timings, host, date, threads), the label map and the lesion-id map. Cases: a real
# clinical scan (TCGA-FG-6692, skull on, 23 candidate lesions; 1, 2, 8 and 8 threads) and the
# sample phantom with rim and leptomeningeal enhancement (1 and 8 threads), so both the lesion
# and the leptomeningeal reductions count.
set -uo pipefail
BIN=${RIMSCAN_BIN:?}; SRC=${RIMSCAN_SOURCE_DIR:?}
DATA=${RIMSCAN_DATA:-$SRC/../shared/data}
T=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/determinism.XXXXXX"); trap 'rm -rf "$T"' EXIT
fail=0

check_case() {  # check_case NAME T1C RUN... (RUN: t<threads>, t<threads>again for a repeat)
  local name=$1 t1c=$2 run bad=0
  shift 2
  local runs=("$@")
  for run in "${runs[@]}"; do
    local threads=${run#t}; threads=${threads%again}
    mkdir -p "$T/$name/$run"
    # Same relative output names in every run: the JSON records them in `outputs`.
    (cd "$T/$name/$run" && "$BIN" extract "$t1c" -o case.json --label-map labels.nii.gz \
       --lesion-ids lesions.nii.gz --device cpu --threads "$threads" 2>err.txt) ||
      { echo "FAIL: $name with $threads thread(s): $(cat "$T/$name/$run/err.txt")"; fail=1; return; }
    python3 - "$T/$name/$run/case.json" "$T/$name/$run/case.norun.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert "run" in doc, "no run block"
del doc["run"]
open(sys.argv[2], "w").write(json.dumps(doc, indent=1))  # key order kept as written
PY
  done
  for run in "${runs[@]:1}"; do
    for f in case.norun.json labels.nii.gz lesions.nii.gz; do
      if ! cmp -s "$T/$name/${runs[0]}/$f" "$T/$name/$run/$f"; then
        echo "FAIL: $name: $f differs between ${runs[0]} and $run"
        [ "$f" = case.norun.json ] && diff "$T/$name/${runs[0]}/$f" "$T/$name/$run/$f" | head -20
        bad=1
      fi
    done
  done
  [ $bad -eq 0 ] || { fail=1; return; }
  local n; n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["lesions"]))' "$T/$name/${runs[0]}/case.json")
  echo "determinism: $name: identical for runs ${runs[*]} ($n lesion(s))"
}

check_case tcga "$DATA/tumour/tcga-fg-6692/TCGA-FG-6692_T1_AX_POST_GAD.nii.gz" t1 t2 t8 t8again
check_case sample_rim_lmd "$SRC/sample_images/phantom_0004_t1c.nii.gz" t1 t8
[ $fail -eq 0 ] && echo "determinism: ok"
exit $fail
