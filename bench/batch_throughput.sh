#!/usr/bin/env bash
# Benchmark (not a test): throughput of `rimscan batch` in cases per second over N phantom cases
# with --jobs 1 and 2 (JOBS), against the I/O ceiling: the time to only decompress the same
# inputs (gzip -dc of every T1c, with one process and with one per core). Rewrites only its own
# section of docs/benchmarks.md (between the batch-throughput markers).
#
#   bench/batch_throughput.sh [path/to/rimscan]
#   env: N=200 (manifest rows)  DISTINCT=N (phantoms generated; rows beyond are copies of them,
#        each row still reads and decompresses its own file)  PRESET=test  JOBS="1 2"
#        DEVICE=cpu  WORK=<scratch dir>  OUT=docs/benchmarks.md  KEEP=0
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(realpath "${1:-$ROOT/build/src/cli/rimscan}")
N=${N:-200}
DISTINCT=${DISTINCT:-$N}
PRESET=${PRESET:-test}
JOBS=${JOBS:-1 2}
DEVICE=${DEVICE:-cpu}
OUT=${OUT:-$ROOT/docs/benchmarks.md}
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/batch_bench.XXXXXX")}
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
[ -x "$BIN" ] || { echo "no rimscan binary at $BIN" >&2; exit 1; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# 1. Inputs: DISTINCT phantoms, replicated to N manifest rows as separate files.
mkdir -p "$WORK/in"
if [ ! -f "$WORK/in/.done_${PRESET}_${DISTINCT}" ]; then
  t0=$(now)
  "$BIN" phantom --preset "$PRESET" --n "$DISTINCT" --seed 11 --prefix ph -o "$WORK/gen" > /dev/null
  echo "generated $DISTINCT '$PRESET' phantoms in $(secs "$t0" "$(now)") s" >&2
  for ((i = 0; i < N; i++)); do
    src=$(printf '%s/gen/ph_%04d_t1c.nii.gz' "$WORK" $((i % DISTINCT)))
    cp "$src" "$(printf '%s/in/case_%04d.nii.gz' "$WORK" "$i")"
  done
  touch "$WORK/in/.done_${PRESET}_${DISTINCT}"
fi
{
  echo "case_id,t1c"
  for ((i = 0; i < N; i++)); do printf 'case_%04d,in/case_%04d.nii.gz\n' "$i" "$i"; done
} > "$WORK/manifest.csv"
bytes=$(cat "$WORK"/in/case_*.nii.gz | wc -c)
size=$(gzip -dc "$WORK/in/case_0000.nii.gz" | wc -c)
voxels=$(python3 -c "import gzip,struct,sys; h=gzip.open(sys.argv[1]).read(348); d=struct.unpack_from('<8h',h,40); print('x'.join(map(str,d[1:1+d[0]])))" "$WORK/in/case_0000.nii.gz")
cat "$WORK"/in/case_*.nii.gz > /dev/null   # warm the page cache: every timing below reads from memory

# 2. The I/O ceiling: decompression alone.
load_dec=$(cut -d' ' -f1 /proc/loadavg)
t0=$(now)
for f in "$WORK"/in/case_*.nii.gz; do gzip -dc "$f" > /dev/null; done
dec1=$(secs "$t0" "$(now)")
dec_cpu=$( { /usr/bin/time -f "%U %S" sh -c 'for f; do gzip -dc "$f" > /dev/null; done' _ "$WORK"/in/case_*.nii.gz; } 2>&1 | awk -v n="$N" '{ printf "%.3f", ($1 + $2) / n }')
t0=$(now)
ls "$WORK"/in/case_*.nii.gz | xargs -P "$(nproc)" -n 8 sh -c 'for f; do gzip -dc "$f" > /dev/null; done' _
decp=$(secs "$t0" "$(now)")

# 3. rimscan batch with each --jobs value (fresh output directory each time).
# CPU seconds (user + system) are reported beside wall time: on a shared machine the wall time
# depends on what else runs, the CPU time per case much less.
declare -A wall rate cpu load
for j in $JOBS; do
  rm -rf "$WORK/out_$j"
  load[$j]=$(cut -d' ' -f1 /proc/loadavg)
  set +e
  /usr/bin/time -f "%e %U %S" -o "$WORK/time_$j.txt" \
    "$BIN" batch "$WORK/manifest.csv" -o "$WORK/out_$j" --jobs "$j" --device "$DEVICE" --progress json 2> "$WORK/run_$j.log"
  rc=$?
  set -e
  read -r w u sy < "$WORK/time_$j.txt"
  wall[$j]=$w
  cpu[$j]=$(awk -v u="$u" -v s="$sy" -v n="$N" 'BEGIN { printf "%.2f", (u + s) / n }')
  [ "$rc" -eq 0 ] || { echo "batch --jobs $j exited $rc (see $WORK/run_$j.log)" >&2; tail -3 "$WORK/run_$j.log" >&2; }
  rate[$j]=$(awk -v n="$N" -v t="${wall[$j]}" 'BEGIN { printf "%.2f", n / t }')
  echo "--jobs $j: ${wall[$j]} s, ${rate[$j]} cases/s, ${cpu[$j]} CPU s/case (rc $rc, load ${load[$j]})" >&2
done
first=${JOBS%% *}
cmp -s "$WORK/out_$first/results.csv" "$WORK/out_${JOBS##* }/results.csv" && same=yes || same=NO

# 4. The section of docs/benchmarks.md.
BEGIN="<!-- batch-throughput:begin (written by bench/batch_throughput.sh) -->"
END="<!-- batch-throughput:end -->"
cpu=$(lscpu | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2; exit }')
{
  echo "$BEGIN"
  echo "## Batch throughput (\`rimscan batch\`)"
  echo
  echo "$(date -u +%Y-%m-%d), $(hostname -s): $cpu, $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB;"
  echo "rimscan $("$BIN" --version | cut -d' ' -f2), \`--device $DEVICE\`. $N cases: $DISTINCT \`rimscan phantom --preset $PRESET\`"
  echo "cases$([ "$DISTINCT" -lt "$N" ] && echo ", each copied to $((N / DISTINCT)) files") ($voxels voxels, $((bytes / N / 1000)) kB gzip, $(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1e6 }') MB decoded per case), read from the page cache."
  echo "One run each (\`bench/batch_throughput.sh\`); wall time includes start-up, manifest and output writing."
  echo "Wall times on a shared machine depend on what else runs: the load average (1 min) at the start of each run is given;"
  echo "CPU seconds per case (user + system) depend on it much less."
  echo
  echo "| what | wall time | cases/s | CPU s per case | load at start |"
  echo "|---|---|---|---|---|"
  echo "| decompress only: \`gzip -dc\` of every T1c, 1 process | ${dec1} s | $(awk -v n="$N" -v t="$dec1" 'BEGIN { printf "%.1f", n / t }') | ${dec_cpu} | ${load_dec} |"
  echo "| decompress only: \`gzip -dc\`, $(nproc) processes (the I/O ceiling) | ${decp} s | $(awk -v n="$N" -v t="$decp" 'BEGIN { printf "%.1f", n / t }') | | |"
  for j in $JOBS; do
    echo "| \`rimscan batch --jobs $j\` | ${wall[$j]} s | ${rate[$j]} | ${cpu[$j]} | ${load[$j]} |"
  done
  echo
  echo "results.csv identical for every --jobs value: $same."
  echo "$END"
} > "$WORK/section.md"
if [ -f "$OUT" ] && grep -qF "$BEGIN" "$OUT"; then
  python3 - "$OUT" "$WORK/section.md" "$BEGIN" "$END" <<'PY'
import sys
path, sec, begin, end = sys.argv[1:5]
old = open(path).read()
new = open(sec).read().rstrip("\n")
open(path, "w").write(old[:old.index(begin)] + new + old[old.index(end) + len(end):])
PY
elif [ -f "$OUT" ]; then
  { echo; cat "$WORK/section.md"; } >> "$OUT"
else
  { printf '# Benchmarks\n\n'; cat "$WORK/section.md"; } > "$OUT"
fi
cat "$WORK/section.md"
