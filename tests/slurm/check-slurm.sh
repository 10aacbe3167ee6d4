#!/usr/bin/env bash
# make check-slurm: a single-node Slurm cluster started here, from a
# temporary directory (a generated munge key, slurm.conf, munged, slurmctld
# and slurmd, as root, no systemd or cgroups), runs the sharded scan of
# scripts/slurm/ over INPUT: an 8-task array with task 3 killed on purpose
# while it runs (the afterok merge job is then cancelled: a merge by hand
# names the missing shard), task 3 resubmitted alone with a new merge job,
# and the merged report compared byte for byte with a single-process scan.  Every daemon it started is
# stopped by process id whatever happens, and checked gone with ps.
#   tests/slurm/check-slurm.sh CERTSWEEP INPUT
set -uo pipefail
CERTSWEEP=$(realpath "$1")
INPUT=$(realpath "$2")
SHARDS=8 KILLED=3
repo=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d /tmp/certsweep-slurm-XXXXXX)
chmod 755 "$T" # munged, as munge, must reach its directory
pids=()

say() { echo "check-slurm: $*"; }
fail() { say "FAIL: $*"; for f in "$T"/log/*.log "$T"/out/logs/*; do [ -f "$f" ] && { echo "--- $f"; tail -20 "$f"; }; done; exit 1; }

# Stops what was started, by process id: slurm first, munged last.
stop_all() {
    local rc=$?
    trap - EXIT INT TERM
    [ -f "$T/slurm.conf" ] && SLURM_CONF=$T/slurm.conf timeout 10 scontrol shutdown >/dev/null 2>&1
    for p in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -TERM "$p" 2>/dev/null && sleep 0.5
        kill -KILL "$p" 2>/dev/null
    done
    local left
    left=$(ps -eo pid=,args= | grep -F "$T" | grep -v grep)
    if [ -n "$left" ]; then
        say "FAIL: processes left running:"
        echo "$left"
        rc=1
    else
        say "no daemon left running (ps)"
    fi
    rm -rf "$T"
    exit $rc
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# --- munge: its own key and socket ---------------------------------------
# The key and log private to munge; the socket where every user reaches it.
mkdir -p "$T/munge" "$T/run" "$T/state" "$T/spool" "$T/log" "$T/out"
dd if=/dev/urandom of="$T/munge/munge.key" bs=1024 count=1 status=none
chown -R munge:munge "$T/munge" "$T/run"
chmod 700 "$T/munge"
chmod 755 "$T/run"
chmod 600 "$T/munge/munge.key"
runuser -u munge -- /usr/sbin/munged --socket="$T/run/munge.socket" --key-file="$T/munge/munge.key" \
    --pid-file="$T/run/munged.pid" --log-file="$T/munge/munged.log" --seed-file="$T/munge/munged.seed" ||
    fail "munged did not start"
for _ in $(seq 50); do [ -s "$T/run/munged.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$T/run/munged.pid")")

# --- slurm.conf ----------------------------------------------------------
host=$(hostname -s)
port=$((20000 + $$ % 20000))
cpus=$(nproc)
cat > "$T/slurm.conf" <<CONF
ClusterName=certsweep-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$T/run/munge.socket
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
DependencyParameters=kill_invalid_depend
MpiDefault=none
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$T/slurm.conf

/usr/sbin/slurmctld -D -c -f "$SLURM_CONF" >"$T/log/slurmctld.stdout" 2>&1 &
pids=("$!" "${pids[@]}")
/usr/sbin/slurmd -D -f "$SLURM_CONF" >"$T/log/slurmd.stdout" 2>&1 &
pids=("$!" "${pids[@]}")
up=
for _ in $(seq 100); do
    if scontrol ping 2>/dev/null | grep -q UP && sinfo -h -o %t 2>/dev/null | grep -Eq '^(idle|mix|alloc)'; then
        up=1
        break
    fi
    sleep 0.2
done
[ -n "$up" ] || fail "the cluster did not come up in 20 s"
say "cluster up: $(sinfo -h -o '%P %D %t %c CPUs')"

# Waits until job $1 has ended; prints its state.
job_state() { scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -1 | cut -d= -f2; }
wait_job() {
    local s
    for _ in $(seq 600); do
        s=$(job_state "$1")
        case $s in PENDING | RUNNING | CONFIGURING | COMPLETING | SUSPENDED | "") sleep 0.2 ;; *) echo "$s"; return ;; esac
    done
    echo TIMEOUT
}
# The state of task $2 of array $1.
task_state() { scontrol -o show job "${1}_$2" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -1 | cut -d= -f2; }

# --- the reference: one process --------------------------------------------
"$CERTSWEEP" scan -q -o "$T/ref" "$INPUT" 2>"$T/log/ref.err" || fail "single-process scan: $(tail -3 "$T/log/ref.err")"

# --- the array, task 3 killed ------------------------------------------------
# Task 3's certsweep waits until it is let go: the test kills it meanwhile.
cat > "$T/certsweep" <<WRAP
#!/bin/sh
case " \$* " in *" --shard $KILLED/$SHARDS "*) while [ ! -e "$T/let-go" ]; do sleep 0.2; done ;; esac
exec "$CERTSWEEP" "\$@"
WRAP
chmod +x "$T/certsweep"
read -r array merge < <("$repo/scripts/slurm/submit.sh" -n "$SHARDS" -o "$T/out" -c 1 -t 10:00 -C "$T/certsweep" \
    "$INPUT") || fail "submit.sh"
[ -n "$array" ] && [ -n "$merge" ] || fail "submit.sh printed no job ids"
say "array job $array ($SHARDS tasks), merge job $merge (afterok)"
for _ in $(seq 300); do [ "$(task_state "$array" "$KILLED")" = RUNNING ] && break; sleep 0.2; done
[ "$(task_state "$array" "$KILLED")" = RUNNING ] || fail "task $KILLED never ran"
scancel --signal=KILL --full "${array}_$KILLED" || fail "scancel of task $KILLED"
for k in $(seq "$SHARDS"); do
    for _ in $(seq 600); do
        st=$(task_state "$array" "$k")
        case $st in PENDING | RUNNING | CONFIGURING | COMPLETING) sleep 0.2 ;; *) break ;; esac
    done
    echo "$k $st"
done > "$T/tasks"
grep -Eq "^$KILLED (CANCELLED|FAILED)$" "$T/tasks" || fail "task $KILLED was not killed: $(cat "$T/tasks")"
[ "$(grep -c ' COMPLETED$' "$T/tasks")" = $((SHARDS - 1)) ] || fail "the other tasks did not complete: $(cat "$T/tasks")"
[ ! -e "$T/out/states/$KILLED.state" ] || fail "the killed task wrote its state"
s=$(wait_job "$merge")
[ "$s" = CANCELLED ] || fail "the merge job after a killed task is $s, not CANCELLED"
say "task $KILLED killed while running ($(grep "^$KILLED " "$T/tasks" | cut -d' ' -f2)): the other $((SHARDS - 1)) completed, merge job $merge $s (dependency never satisfied)"
[ ! -e "$T/out/report" ] || fail "a report was merged without shard $KILLED"
# By hand, the merge names the missing shard.
msg=$("$CERTSWEEP" merge -o "$T/bad" "$T"/out/states/*.state 2>&1) && fail "merge without shard $KILLED succeeded"
echo "$msg" | grep -q "missing shard $KILLED/$SHARDS" || fail "the merge does not name the missing shard: $msg"
say "merge without it: $msg"

# --- task 3 alone, and a new merge ---------------------------------------
touch "$T/let-go"
read -r again merge2 < <("$repo/scripts/slurm/resubmit.sh" "$T/out" "$KILLED") || fail "resubmit.sh"
s=$(wait_job "$merge2")
[ "$s" = COMPLETED ] || fail "merge job $merge2 after resubmitting task $KILLED (job $again): $s"
say "task $KILLED resubmitted alone (job $again), merge job $merge2 $s"

for f in issuers.csv issuer_rules.csv rules.csv monthly.csv summary.json index.html; do
    cmp "$T/ref/$f" "$T/out/report/$f" || fail "merged $f differs from the single-process scan"
done
say "PASS: the merged report of $SHARDS Slurm tasks is byte for byte the single-process scan's"
