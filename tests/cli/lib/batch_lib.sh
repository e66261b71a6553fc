# Shared helpers of the tests/cli/batch_*.sh scenarios (sourced; not a test itself: CTest only
# registers tests/cli/*.sh). Needs RIMSCAN_BIN; makes $TMP and removes it on exit.
set -euo pipefail
BIN=${RIMSCAN_BIN:?}
TMP=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/${TEST_NAME:-batch}.XXXXXX" 2>/dev/null || mktemp -d)
cleanup_tmp() { rm -rf "$TMP"; }
trap cleanup_tmp EXIT

fail() { echo "${TEST_NAME:-batch}: FAIL: $*" >&2; exit 1; }
# set -e stops at any failing command; say which, instead of exiting silently.
trap 'echo "${TEST_NAME:-batch}: FAIL: line $LINENO: $BASH_COMMAND" >&2' ERR

# make_cases DIR N: N tiny phantom cases (rimscan phantom --preset tiny: 3 mm voxels, a case in
# well under a second), renamed DIR/case_00.nii.gz, case_01.nii.gz, ...
make_cases() {
  local dir=$1 n=$2 i
  mkdir -p "$dir"
  "$BIN" phantom --preset tiny --n "$n" --seed 7 --prefix p -o "$dir/.gen" > /dev/null
  for i in $(seq 0 $((n - 1))); do
    mv "$dir/.gen/p_$(printf %04d "$i")_t1c.nii.gz" "$dir/case_$(printf %02d "$i").nii.gz"
  done
  rm -rf "$dir/.gen"
}

# run_rc CMD...: runs CMD, prints its exit status (set -e would stop at a non-zero status).
run_rc() { set +e; "$@"; local rc=$?; set -e; echo "$rc"; }

# column FILE NAME: the values of one CSV column (RFC 4180), one per line.
column() {
  python3 - "$1" "$2" <<'PY'
import csv, sys
with open(sys.argv[1], newline="") as f:
    for row in csv.DictReader(f):
        print(row[sys.argv[2]])
PY
}

# no_temp_files DIR: fails when a temporary file of an atomic writer is left under DIR.
no_temp_files() {
  local left
  left=$(find "$1" -type f \( -name '.*.tmp-*' -o -name '*.tmp.[0-9]*' \) | head -5)
  [ -z "$left" ] || fail "temporary files left under $1: $left"
}

# all_json_valid DIR: every *.json under DIR parses (no partial file under a final name).
all_json_valid() {
  python3 - "$1" <<'PY'
import json, pathlib, sys
bad = []
for p in pathlib.Path(sys.argv[1]).rglob("*.json"):
    if p.name.startswith("."):
        continue
    try:
        json.loads(p.read_text())
    except Exception as e:
        bad.append(f"{p}: {e}")
if bad:
    sys.exit("invalid JSON files: " + "; ".join(bad[:5]))
PY
}

# write_tiny_mask PATH: a 4x4x4 uint8 NIfTI-1 (gzip) of ones at 1 mm: a valid file whose grid
# matches no case (written with the standard library only, independently of rimscan).
write_tiny_mask() {
  python3 - "$1" <<'PY'
import gzip, struct, sys
hdr = bytearray(348)
struct.pack_into("<i", hdr, 0, 348)
struct.pack_into("<8h", hdr, 40, 3, 4, 4, 4, 1, 1, 1, 1)      # dim
struct.pack_into("<hh", hdr, 70, 2, 8)                         # datatype uint8, bitpix
struct.pack_into("<8f", hdr, 76, 1, 1, 1, 1, 1, 1, 1, 1)      # pixdim
struct.pack_into("<f", hdr, 108, 352.0)                        # vox_offset
struct.pack_into("<f", hdr, 112, 1.0)                          # scl_slope
struct.pack_into("<hh", hdr, 252, 1, 0)                        # qform_code, sform_code
hdr[344:348] = b"n+1\0"
with gzip.open(sys.argv[1], "wb") as f:
    f.write(bytes(hdr) + b"\0" * 4 + b"\1" * 64)
PY
}
