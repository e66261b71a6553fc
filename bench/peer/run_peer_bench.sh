#!/usr/bin/env bash
# Side-by-side radiomics benchmark: pyradiomics (single process) vs `rimscan features` (CPU, and
# GPU when a CUDA device is visible) on brain1, two UPENN-GBM cases and 128^3 / 256^3 phantoms;
# writes docs/benchmarks.md (override with OUT=...).
#
# pyradiomics is installed into .venv-peer (git-ignored) with a recipe that works on Python 3.11:
#   numpy 1.26.4 (pyradiomics 3.0.x predates numpy 2), SimpleITK, PyWavelets < 1.7, pykwalify, six,
#   setuptools < 70 and versioneer in the venv, then pyradiomics 3.0.1 built against that numpy with
#   --no-build-isolation (its C extensions need numpy's headers at build time).
#   pyradiomics 3.1.0 does not install: its sdist metadata says 3.0.1a1, which pip rejects as an
#   inconsistent version.
# Usage: bench/peer/run_peer_bench.sh [extra args for peer_bench.py, e.g. --cases brain1 --repeats 1]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
VENV=${VENV:-$ROOT/.venv-peer}
BIN=${RIMSCAN_BIN:-}
if [ -z "$BIN" ]; then
  for b in build-radiomics build; do
    [ -x "$ROOT/$b/src/cli/rimscan" ] && BIN="$ROOT/$b/src/cli/rimscan" && break
  done
fi
[ -x "$BIN" ] || { echo "run_peer_bench: build rimscan first (or set RIMSCAN_BIN)" >&2; exit 1; }
DATA=${RIMSCAN_DATA:-$ROOT/../shared/data}

if ! "$VENV/bin/python" -c "import radiomics" 2>/dev/null; then
  echo "run_peer_bench: installing pyradiomics into $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "numpy==1.26.4" "SimpleITK" "pywavelets<1.7" "pykwalify" "six" \
    "setuptools<70" "wheel" "versioneer"
  "$VENV/bin/pip" install -q --no-build-isolation "pyradiomics==3.0.1"
fi
# pyradiomics single process: keep numpy/BLAS to one thread as well.
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
  "$VENV/bin/python" "$ROOT/bench/peer/peer_bench.py" --rimscan "$BIN" --data "$DATA" \
  --out "${OUT:-$ROOT/docs/benchmarks.md}" --json "${JSON_OUT:-/tmp/peer_bench.json}" "$@"
