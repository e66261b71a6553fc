#!/usr/bin/env bash
# Integration test under a real Slurm (Debian slurm-wlm + munge): starts munged, slurmctld and
# slurmd on localhost from a fresh temporary directory (temporary key, socket, slurm.conf with
# proctrack/linuxproc and task/none), submits scripts/slurm/rimscan_array.sbatch as a job array
# of 3 shards over 6 phantom cases, merges the shards in a dependent job, and checks that every
# task completed with exit code 0 and that the merged results.csv holds every case once, in
# manifest order (equality with an unsharded run is batch_shard_merge.sh's job).
# The daemons it started are stopped by PID on exit. Slurm that cannot start, or a job that
# does not finish within the time limit, FAILS the test (it never skips).
# Needs root and the packages of scripts/install_deps.sh. Recipe: ../shared/docs/slurm_local.md.
TEST_NAME=slurm_array
source "$(dirname "$0")/lib/batch_lib.sh"
SRC=${RIMSCAN_SOURCE_DIR:?}
LIMIT=${SLURM_TEST_LIMIT_S:-420}   # the whole test, daemons included; generous for loaded CI machines

for b in munged mungekey slurmctld slurmd sbatch squeue sinfo scontrol; do
  command -v "$b" >/dev/null || fail "$b not found: run scripts/install_deps.sh (slurmctld slurmd slurm-client munge)"
done
[ "$(id -u)" -eq 0 ] || fail "needs root (slurmd runs jobs as SlurmUser=root here)"

D="$TMP/slurm"
mkdir -p "$D"/{etc,state,spool,log}
chmod 755 "$TMP" "$D"   # munged wants its socket directory world-executable
export SLURM_CONF=$D/etc/slurm.conf
PIDS=()
stop_all() {  # our own daemons only, newest first; SIGKILL after 15 s
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    p=${PIDS[i]}
    kill "$p" 2>/dev/null || continue
    for _ in $(seq 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  PIDS=()
}
trap 'stop_all; cleanup_tmp' EXIT
trap 'exit 130' INT TERM
alive() { for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null || return 1; done; }
logs() { tail -n 20 "$D"/log/* 2>/dev/null || true; }
deadline() { [ "$SECONDS" -lt "$LIMIT" ] || { logs; fail "time limit of ${LIMIT}s reached while $1"; }; }

mungekey -c -k "$D/etc/munge.key"
munged -F --socket="$D/munge.sock" --key-file="$D/etc/munge.key" --pid-file="$D/munged.pid" \
  --log-file="$D/log/munged.log" --seed-file="$D/munged.seed" 2> "$D/log/munged.err" &
PIDS+=($!)
for _ in $(seq 100); do [ -S "$D/munge.sock" ] && break; sleep 0.1; done
[ -S "$D/munge.sock" ] || { logs; fail "munged did not start"; }

PORT=$((20000 + RANDOM % 20000))
cat > "$SLURM_CONF" <<CONF
ClusterName=rimscan-ci
SlurmctldHost=localhost
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$D/munge.sock
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=600
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
NodeName=localhost CPUs=$(nproc) RealMemory=$(($(free -m | awk '/^Mem:/{print $2}') / 2)) State=UNKNOWN
PartitionName=ci Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -D -f "$SLURM_CONF" > "$D/log/slurmctld.err" 2>&1 &
PIDS+=($!)
slurmd -D -N localhost -f "$SLURM_CONF" > "$D/log/slurmd.err" 2>&1 &
PIDS+=($!)
until [ "$(timeout 5 sinfo -h -n localhost -o %t 2>/dev/null)" = idle ]; do
  alive || { logs; fail "a Slurm daemon exited during startup"; }
  deadline "waiting for the node to become idle"
  sleep 0.5
done

# 6 cases, 3 shards; the manifest in its own folder with relative paths.
make_cases "$TMP/study/in" 6
{
  echo "case_id,t1c,arm"
  for i in 4 2 5 0 3 1; do echo "c$i,in/case_0$i.nii.gz,a$((i % 3))"; done
} > "$TMP/study/manifest.csv"
OUT="$TMP/out"
export RIMSCAN="$BIN"   # sbatch passes the environment to the job
JID=$(timeout 10 sbatch --parsable --array=0-2 --cpus-per-task=1 --mem=500M --time=00:05:00 \
  -o "$D/log/task_%A_%a.log" "$SRC/scripts/slurm/rimscan_array.sbatch" 3 "$TMP/study/manifest.csv" "$OUT") \
  || { logs; fail "sbatch of the array failed"; }
MID=$(timeout 10 sbatch --parsable --dependency=afterany:"$JID" --mem=500M -o "$D/log/merge_%j.log" \
  --wrap "\"$BIN\" merge \"$OUT\"/shard_* -o \"$OUT/merged\"") || { logs; fail "sbatch of the merge failed"; }
while [ -n "$(timeout 5 squeue -h -j "$JID,$MID" 2>&1)" ]; do
  alive || { logs; fail "a Slurm daemon died while the jobs ran"; }
  deadline "waiting for the array and merge jobs"
  sleep 0.5
done

# Every task and the merge completed with exit code 0.
timeout 10 scontrol show job "$JID" > "$D/array_state.txt" || { logs; fail "scontrol show job $JID failed"; }
states=$(grep -o 'JobState=[A-Z]*\|ExitCode=[0-9:]*' "$D/array_state.txt" | tr '\n' ' ' || true)
[ "$(grep -c 'JobState=COMPLETED' "$D/array_state.txt" || true)" -eq 3 ] &&
  [ "$(grep -c ' ExitCode=0:0' "$D/array_state.txt" || true)" -eq 3 ] ||
  { cat "$D"/log/task_* 2>/dev/null; logs; fail "array tasks: $states"; }
timeout 10 scontrol show job "$MID" | grep -q 'JobState=COMPLETED' || { cat "$D"/log/merge_*; fail "merge job did not complete"; }
for k in 0 1 2; do [ -f "$OUT/shard_$k/results.csv" ] || fail "no results of shard $k"; done

column "$OUT/merged/results.csv" case_id > "$TMP/ids.txt"
printf 'c%s\n' 4 2 5 0 3 1 > "$TMP/want.txt"
diff "$TMP/want.txt" "$TMP/ids.txt" || fail "merged results.csv rows differ from the manifest"
[ "$(tail -n +2 "$OUT/merged/errors.csv" | wc -l)" -eq 0 ] || fail "merged errors.csv: $(cat "$OUT/merged/errors.csv")"
for k in 0 1 2; do  # each task's progress went to its Slurm log as JSON lines
  grep -q '"event":"batch_done"' "$D/log/task_${JID}_$k.log" || fail "no batch_done event in task $k's log"
done
stop_all
echo "slurm_array: ok in ${SECONDS}s (array $JID, merge $MID)"
