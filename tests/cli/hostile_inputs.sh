#!/usr/bin/env bash
# Hostile inputs to rimscan extract and batch (docs/reliability.md#hostile-inputs): each gives
# its documented exit code and ONE stderr line naming the input, within a time limit (no hang),
# and leaves nothing in the output folder (no partial file, no temporary file). Inputs are made
# here from a tiny phantom with the Python standard library (independently of rimscan's I/O).
# Cases already covered elsewhere are not repeated: extract_errors.sh (missing file, garbage,
# empty brain mask, mask of another size), batch_manifest_errors.sh (no t1c column, duplicate
# ids, malformed CSV), batch_errors.sh (missing, truncated files inside a batch).
set -uo pipefail
BIN=${RIMSCAN_BIN:?}
T=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/hostile_inputs.XXXXXX"); trap 'rm -rf "$T"' EXIT
LIMIT=${HOSTILE_TIME_LIMIT:-300}  # seconds per command: generous for sanitizer builds
fail=0
"$BIN" phantom --out "$T/ph" --n 1 --seed 5 --preset tiny >/dev/null 2>&1 || { echo "FAIL: phantom"; exit 1; }
PH=$(ls "$T"/ph/*_t1c.nii.gz | head -n 1); IC=$(ls "$T"/ph/*_intracranial.nii.gz | head -n 1)
G="$T/in"; mkdir -p "$G"

/usr/bin/python3 - "$PH" "$IC" "$G" <<'PY' || { echo "FAIL: generating inputs"; exit 1; }
import gzip, os, struct, sys
t1c, ic, out = sys.argv[1:4]
raw, mask = gzip.open(t1c).read(), gzip.open(ic).read()
off, moff = int(struct.unpack("<f", raw[108:112])[0]), int(struct.unpack("<f", mask[108:112])[0])
assert struct.unpack("<h", raw[70:72])[0] == 16, "the phantom T1c is float32"
assert struct.unpack("<h", mask[70:72])[0] == 2, "the phantom mask is uint8"
nvox = (len(raw) - off) // 4

def put(name, data, gz=True):
    with (gzip.open if gz else open)(os.path.join(out, name), "wb") as f:
        f.write(data)

def patched(b, offset, fmt, *values):
    b = bytearray(b)
    struct.pack_into(fmt, b, offset, *values)
    return bytes(b)

# A gzip stream cut in half; a complete gzip stream whose payload is short; the same uncompressed.
whole = gzip.compress(raw)
put("cut.nii.gz", whole[: len(whole) // 2], gz=False)
put("short_payload.nii.gz", raw[:-4000])
put("short_payload.nii", raw[:-4000], gz=False)
# Sizes far beyond any scanner, with nothing behind them.
put("huge.nii.gz", patched(raw[:off], 42, "<3h", 32767, 32767, 32767))
with open(os.path.join(out, "huge.nrrd"), "w") as f:
    f.write("NRRD0004\ntype: float\ndimension: 3\nsizes: 100000 100000 100000\nencoding: raw\nendian: little\n\n")
# NaN and Inf voxels.
put("nan.nii.gz", patched(raw, off + 4 * (nvox // 2), "<f", float("nan")))
put("inf.nii.gz", patched(raw, off + 4 * (nvox // 3), "<f", float("-inf")))
# Voxel sizes: zero (niftilib would read 1 mm), negative, NaN.
put("zero_spacing.nii.gz", patched(raw, 80, "<f", 0.0))
put("negative_spacing.nii.gz", patched(raw, 84, "<f", -3.0))
put("nan_spacing.nii.gz", patched(raw, 88, "<f", float("nan")))
# Non-orthonormal direction: an sform whose columns are not perpendicular, as the only form.
b = patched(raw, 252, "<hh", 0, 1)
b = patched(b, 280, "<4f", 3.0, 3.0, 0.0, -90.0)   # srow_x: columns 0 and 1 share x
b = patched(b, 296, "<4f", 0.0, 3.0, 0.0, -106.5)
b = patched(b, 312, "<4f", 0.0, 0.0, 3.0, -82.5)
put("skewed.nii.gz", b)
# Masks: every voxel set; labels 1 and 2 only (no 4 for brats2021); shifted by 10 mm.
put("full_mask.nii.gz", mask[:moff] + b"\x01" * (len(mask) - moff))
put("labels12.nii.gz", mask[:moff] + bytes(1 + (i // 7) % 2 if c else 0 for i, c in enumerate(mask[moff:])))
put("empty_lesions.nii.gz", mask[:moff] + bytes(len(mask) - moff))
s = bytearray(mask)
for o in (268, 292):  # qoffset_x, srow_x[3]
    struct.pack_into("<f", s, o, struct.unpack("<f", s[o:o + 4])[0] + 10.0)
put("shifted_mask.nii.gz", bytes(s))
PY

OUT="$T/out"; mkdir -p "$OUT"
# expect CODE PATTERN NAMED -- command...: exit code CODE within $LIMIT s, one stderr line that
# matches PATTERN and names NAMED, and an empty output folder afterwards.
expect() {
  local code=$1 pat=$2 named=$3; shift 4
  run_cmd "$@" >"$T/stdout" 2>"$T/err"; local rc=$?
  if [ "$rc" -eq 124 ]; then echo "FAIL (hang > ${LIMIT}s): $*"; fail=1; return; fi
  if [ "$rc" -ne "$code" ] || ! grep -q -- "$pat" "$T/err" || ! grep -qF -- "$named" "$T/err" ||
     [ "$(wc -l <"$T/err")" -ne 1 ]; then
    echo "FAIL: $* -> rc=$rc (want $code, '$pat' naming '$named'), stderr:"; cat "$T/err"; fail=1
  fi
  local left; left=$(find "$OUT" -mindepth 1 | head -5)
  if [ -n "$left" ]; then echo "FAIL: $* left output: $left"; fail=1; rm -rf "${OUT:?}"/* "$OUT"/.[!.]* 2>/dev/null; fi
}
# run_cmd extract ARGS... / run_cmd batch ARGS...: the command with its outputs in $OUT.
run_cmd() {
  local sub=$1; shift
  case $sub in
    extract) timeout "$LIMIT" "$BIN" extract "$@" -o "$OUT/case.json" --label-map "$OUT/labels.nii.gz" --device cpu ;;
    batch) timeout "$LIMIT" "$BIN" batch "$@" -o "$OUT/b" --progress none --device cpu ;;
  esac
}

expect 1 "gzip" cut.nii.gz -- extract "$G/cut.nii.gz"
expect 1 "truncated" short_payload.nii.gz -- extract "$G/short_payload.nii.gz"
expect 1 "truncated" short_payload.nii -- extract "$G/short_payload.nii"
expect 1 "exceeds the cap" huge.nii.gz -- extract "$G/huge.nii.gz"
expect 1 "exceeds the cap" huge.nrrd -- extract "$G/huge.nrrd"
# The cap is configurable: the 61x72x56 phantom is refused under a cap of 200000 voxels.
expect 1 "exceeds the cap of 200000" "$(basename "$PH")" -- extract "$PH" --max-voxels 200000
expect 1 "NaN/Inf" nan.nii.gz -- extract "$G/nan.nii.gz"
expect 1 "NaN/Inf" inf.nii.gz -- extract "$G/inf.nii.gz"
expect 1 "spacing along axis 0" zero_spacing.nii.gz -- extract "$G/zero_spacing.nii.gz"
expect 1 "spacing along axis 1" negative_spacing.nii.gz -- extract "$G/negative_spacing.nii.gz"
expect 1 "spacing along axis 2" nan_spacing.nii.gz -- extract "$G/nan_spacing.nii.gz"
expect 1 "orthonormal" skewed.nii.gz -- extract "$G/skewed.nii.gz"
# A non-finite voxel in a secondary input is refused the same way, naming that input.
expect 1 "NaN/Inf" nan.nii.gz -- extract "$PH" --t1pre "$G/nan.nii.gz"
expect 1 "geometry differs by 10 mm" shifted_mask.nii.gz -- extract "$PH" --brain-mask "$G/shifted_mask.nii.gz"
expect 1 "no voxel carries an enhancing label" labels12.nii.gz -- \
  extract "$PH" --lesion-mask "$G/labels12.nii.gz" --lesion-labels brats2021
expect 1 "no voxel carries a lesion label" empty_lesions.nii.gz -- extract "$PH" --lesion-mask "$G/empty_lesions.nii.gz"
# A lesion mask covering the whole field of view leaves no white matter to normalise by.
expect 1 "white matter" "$(basename "$PH")" -- extract "$PH" --lesion-mask "$G/full_mask.nii.gz"

# A DICOM series with one file cut inside its meta header (a partial copy): GDCM used to abort
# the process (tests/fuzz_regressions/README.md); now the directory is refused.
SRC=${RIMSCAN_SOURCE_DIR:?}; DATA=${RIMSCAN_DATA:-$SRC/../shared/data}
mkdir -p "$T/dicom"
cp "$DATA"/dicom/dicom2nifti/tests/data/hitachi/anatomical/001/*.dcm "$T/dicom/"
head -c 150 "$T/dicom/004.dcm" >"$T/dicom/005.dcm"
expect 1 "DICOM file meta information" "$T/dicom" -- extract "$T/dicom" --case-id d1
mkdir -p "$T/dicom_meta_only"
cp "$SRC/tests/fuzz_regressions/fuzz_dicom_series/meta_only.dcm" "$T/dicom_meta_only/"
expect 1 "truncated DICOM file" "$T/dicom_meta_only" -- extract "$T/dicom_meta_only" --case-id d2

# A brain mask covering the whole field of view is a legitimate (if odd) input: it is analysed.
timeout "$LIMIT" "$BIN" extract "$PH" --brain-mask "$G/full_mask.nii.gz" -o "$T/full.json" --device cpu 2>"$T/err"
rc=$?
if [ "$rc" -ne 0 ] || ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "summary" in d' "$T/full.json"; then
  echo "FAIL: full brain mask -> rc=$rc"; cat "$T/err"; fail=1
fi

# Manifests: empty, binary junk, a directory; batch-level refusals make no output folder.
: >"$T/empty.csv"
head -c 3000 /dev/urandom >"$T/junk.csv"
expect 1 "empty" empty.csv -- batch "$T/empty.csv"
expect 1 "line" junk.csv -- batch "$T/junk.csv"
expect 1 "not a manifest" "$G" -- batch "$G"
# Unreadable paths inside a manifest fail their own case only (exit 3), with the code in errors.csv.
mkdir -p "$T/nodicom"
printf 'case_id,t1c\nok,%s\nnodicom,%s\nthroughfile,%s/inside.nii.gz\nzero,%s\n' \
  "$PH" "$T/nodicom" "$PH" "$G/zero_spacing.nii.gz" >"$T/paths.csv"
timeout "$LIMIT" "$BIN" batch "$T/paths.csv" -o "$T/bpaths" --progress none --device cpu 2>"$T/err"
rc=$?
if [ "$rc" -ne 3 ]; then echo "FAIL: batch with unreadable paths -> rc=$rc (want 3)"; cat "$T/err"; fail=1; fi
python3 - "$T/bpaths" <<'PY' || fail=1
import csv, pathlib, sys
d = pathlib.Path(sys.argv[1])
rows = {r["case_id"]: r for r in csv.DictReader(open(d / "errors.csv", newline=""))}
want = {"nodicom": "input_invalid", "throughfile": "input_missing", "zero": "input_invalid"}
got = {k: rows[k]["code"] for k in rows}
assert got == want, f"FAIL: errors.csv codes {got}, want {want}"
assert all("\n" not in r["message"] and r["message"] for r in rows.values()), rows
ok = [r["case_id"] for r in csv.DictReader(open(d / "results.csv", newline=""))]
assert ok == ["ok"], f"FAIL: results.csv rows {ok}"
assert sorted(p.name for p in (d / "cases").iterdir()) == ["ok.json"], list((d / "cases").iterdir())
PY

[ $fail -eq 0 ] && echo "hostile_inputs: ok"
exit $fail
