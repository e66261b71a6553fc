#!/usr/bin/env bash
# Bad inputs to rimscan extract: one line on stderr naming the input and the problem, the
# documented exit code, and no output file left behind.
set -uo pipefail
BIN=${RIMSCAN_BIN:?}; SRC=${RIMSCAN_SOURCE_DIR:?}
T=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/extract_errors.XXXXXX"); mkdir -p "$T"; trap 'rm -rf "$T"' EXIT
CASE=$(ls "$SRC"/sample_images/*_t1c.nii.gz | head -n 1)
fail=0
expect() {  # expect CODE PATTERN -- command...
  local code=$1 pat=$2; shift 3
  "$@" >"$T/out" 2>"$T/err"; local rc=$?
  local lines; lines=$(wc -l <"$T/err")
  if [ "$rc" -ne "$code" ] || ! grep -q -- "$pat" "$T/err" || [ "$lines" -ne 1 ]; then
    echo "FAIL: $* -> rc=$rc (want $code), stderr:"; cat "$T/err"; fail=1
  fi
  if [ -e "$T/o.json" ]; then echo "FAIL: $* left $T/o.json"; fail=1; rm -f "$T/o.json"; fi
}
expect 1 "missing.nii.gz" -- "$BIN" extract "$T/missing.nii.gz" -o "$T/o.json" --device cpu
printf 'not an image' > "$T/garbage.nii.gz"
expect 1 "garbage.nii.gz" -- "$BIN" extract "$T/garbage.nii.gz" -o "$T/o.json" --device cpu
# An empty brain mask.
"$BIN" phantom --out "$T/ph" --n 1 --seed 5 --preset tiny >/dev/null 2>&1
PH=$(ls "$T"/ph/*_t1c.nii.gz | head -n 1); IC=$(ls "$T"/ph/*_intracranial.nii.gz | head -n 1)
/usr/bin/python3 - "$IC" "$T/empty_mask.nii.gz" <<'PY'
import gzip, struct, sys
raw = gzip.open(sys.argv[1]).read()
vox_offset = int(struct.unpack("<f", raw[108:112])[0])
gzip.open(sys.argv[2], "wb").write(raw[:vox_offset] + bytes(len(raw) - vox_offset))
PY
expect 1 "empty_mask.nii.gz" -- "$BIN" extract "$PH" --brain-mask "$T/empty_mask.nii.gz" -o "$T/o.json" --device cpu
# A mask on another grid (a sample case's mask with the tiny phantom).
OTHER=$(ls "$SRC"/sample_images/*_intracranial.nii.gz | head -n 1)
expect 1 "geometry\|dimensions" -- "$BIN" extract "$PH" --brain-mask "$OTHER" -o "$T/o.json" --device cpu
# Usage errors exit 2.
expect 2 "lesion-labels" -- "$BIN" extract "$PH" --lesion-mask "$IC" --lesion-labels "enhancing=x" -o "$T/o.json" --device cpu
expect 2 "device" -- "$BIN" extract "$PH" -o "$T/o.json" --device gpu
# CUDA asked for where there is none: an error, never a silent fallback (skipped on a GPU machine).
if ! "$BIN" info | grep -q '"index"'; then
  expect 1 "cuda" -- "$BIN" extract "$PH" -o "$T/o.json" --device cuda
fi
[ $fail -eq 0 ] && echo "extract_errors: ok"
exit $fail
