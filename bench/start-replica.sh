#!/usr/bin/env bash
# Benchmarks `replkit start-replica` beside a real Redis replica of the same master: full-sync time
# and memory on a large RDB, then the apply rate under a pipelined write load.
#
# usage: bench/start-replica.sh [-n REQUESTS] [RDB]
#
#   RDB          the master's data (default bench/work/large.rdb, made by bench/make-large-rdb.sh);
#                read in place through a symlink, never written
#   -n REQUESTS  redis-benchmark requests per test in the load phase (default 2000000; set,lpush,incr)
#
# 1. A master: redis-server (port from the OS, temp dir, --save "", diskless sync, delay 0, a 1 GB
#    backlog) started on a symlink to RDB, so a save could only replace the link.
# 2. Full sync, once per replica kind, each alone on the master:
#    - redis: `redis-server --replicaof` (Redis's default disk-based load: the replica writes the
#      RDB it receives to its temp dir, then loads it);
#    - replkit: `replkit start-replica` (the snapshot streams straight into memory).
#    Sync time = from starting the replica process to INFO replication on its own port saying
#    master_link_status:up (replkit: JVM start included). Memory: Redis's used_memory; replkit's JVM
#    heap after a full GC (jcmd GC.run, then the used columns of jstat -gc). DEBUG DIGEST of each
#    replica is compared with the master's.
# 3. Load: with the replica synced, `redis-benchmark -P 32 -t set,lpush,incr -n REQUESTS` on the
#    master, sampling every 100 ms the lag = master_repl_offset minus the offset the replica reports
#    as applied on its own port (slave_repl_offset). Caught up = that lag is 0 after the load.
#    Apply rate = stream bytes and commands (3 x REQUESTS) over the time from the load's start to
#    the catch-up.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
requests=2000000
rdb="$here/work/large.rdb"
while [ $# -gt 0 ]; do
  case "$1" in
    -n) requests="$2"; shift 2 ;;
    -h|--help) sed -n '5,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "start-replica.sh: unknown option $1" >&2; exit 2 ;;
    *) rdb="$1"; shift ;;
  esac
done
[ -f "$rdb" ] || { echo "start-replica.sh: no RDB at $rdb (make one with bench/make-large-rdb.sh)" >&2; exit 2; }
rdb="$(readlink -f "$rdb")"

"$root/replkit" --version >/dev/null # builds the jar when it is stale; the runs below use it directly
jar="$root/cli/target/replkit.jar"
java_opts="${REPLKIT_JAVA_OPTS:--Xmx8g -XX:+UseParallelGC}"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/replkit-bench-replica.XXXXXX")"
master_pid=""
replica_pid=""
cleanup() {
  [ -n "$replica_pid" ] && kill "$replica_pid" 2>/dev/null || true
  [ -n "$master_pid" ] && kill "$master_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
field() { redis-cli -p "$1" info "$2" | tr -d '\r' | sed -n "s/^$3://p"; }
wait_ping() {
  for _ in $(seq 6000); do
    [ "$(redis-cli -p "$1" ping 2>/dev/null)" = PONG ] && return 0
    sleep 0.05
  done
  echo "start-replica.sh: nothing answers on port $1" >&2; exit 1
}

# --- master
mport="$(free_port)"
mkdir -p "$tmp/master"
ln -s "$rdb" "$tmp/master/dump.rdb"
t0=$(now_ms)
redis-server --port "$mport" --bind 127.0.0.1 --dir "$tmp/master" --dbfilename dump.rdb --save "" \
  --appendonly no --repl-diskless-sync yes --repl-diskless-sync-delay 0 --repl-backlog-size 1gb \
  --enable-debug-command yes --logfile "$tmp/master/redis.log" &
master_pid=$!
until [ "$(field "$mport" persistence loading 2>/dev/null)" = 0 ]; do sleep 0.1; done
echo "master: $(redis-server --version | sed 's/ sha=.*//'), $(redis-cli -p "$mport" dbsize) keys loaded in $(( $(now_ms) - t0 )) ms, used_memory $(field "$mport" memory used_memory)" >&2
master_digest="$(redis-cli -p "$mport" debug digest)"

# start_replica KIND PORT: starts it in the background, sets replica_pid
start_replica() {
  case "$1" in
    redis)
      mkdir -p "$tmp/replica-$2"
      redis-server --port "$2" --bind 127.0.0.1 --dir "$tmp/replica-$2" --save "" --appendonly no \
        --replicaof 127.0.0.1 "$mport" --enable-debug-command yes --logfile "$tmp/replica-$2/redis.log" &
      ;;
    replkit)
      java $java_opts -jar "$jar" start-replica --master "redis://127.0.0.1:$mport" --port "$2" \
        2>"$tmp/replkit-$2.log" &
      ;;
  esac
  replica_pid=$!
}

stop_replica() {
  kill "$replica_pid" 2>/dev/null || true
  wait "$replica_pid" 2>/dev/null || true
  replica_pid=""
  # the master forgets the replica when its link closes
  until [ "$(field "$mport" replication connected_slaves)" = 0 ]; do sleep 0.1; done
}

heap_used() { # bytes in use after a full GC: S0U + S1U + EU + OU of jstat -gc (KB)
  jcmd "$1" GC.run >/dev/null
  jstat -gc "$1" | awk 'NR==1 { for (i = 1; i <= NF; i++) col[$i] = i } NR==2 {
    printf "%d\n", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) * 1024 }'
}

declare -A sync_ms mem digest_ok

# sync_replica KIND: starts a replica, waits for its full sync, records time, memory and digest
sync_replica() {
  local kind="$1" t0 d
  rport="$(free_port)"
  t0=$(now_ms)
  start_replica "$kind" "$rport"
  wait_ping "$rport"
  until [ "$(field "$rport" replication master_link_status)" = up ]; do sleep 0.1; done
  sync_ms[$kind]=$(( $(now_ms) - t0 ))
  if [ "$kind" = redis ]; then
    mem[$kind]="$(field "$rport" memory used_memory)"
  else
    mem[$kind]="$(heap_used "$replica_pid")"
  fi
  d="$(redis-cli -p "$rport" debug digest)"
  [ "$d" = "$(redis-cli -p "$mport" debug digest)" ] && digest_ok[$kind]=equal || digest_ok[$kind]="DIFFERS ($d)"
  echo "$kind: full sync ${sync_ms[$kind]} ms, memory ${mem[$kind]} B, digest ${digest_ok[$kind]}" >&2
}

# load_phase KIND: redis-benchmark on the master while the running replica applies the stream
load_phase() {
  local kind="$1" start_off max_lag=0 t_load moff roff lag bench_pid t_done end_off bytes secs after
  start_off="$(field "$mport" replication master_repl_offset)"
  t_load=$(now_ms)
  redis-benchmark -p "$mport" -P 32 -t set,lpush,incr -n "$requests" -r 100000 -q >"$tmp/bench-$kind.txt" 2>&1 &
  bench_pid=$!
  while :; do
    moff="$(field "$mport" replication master_repl_offset)"
    roff="$(field "$rport" replication slave_repl_offset)"
    lag=$(( moff - roff ))
    [ "$lag" -gt "$max_lag" ] && max_lag=$lag
    if ! kill -0 "$bench_pid" 2>/dev/null && [ "$lag" -le 0 ]; then break; fi
    sleep 0.1
  done
  wait "$bench_pid" || true
  t_done=$(now_ms)
  end_off="$(field "$mport" replication master_repl_offset)"
  bytes=$(( end_off - start_off ))
  secs=$(awk -v ms=$(( t_done - t_load )) 'BEGIN { printf "%.2f", ms / 1000 }')
  [ "$(redis-cli -p "$rport" debug digest)" = "$(redis-cli -p "$mport" debug digest)" ] && after=equal || after=DIFFERS
  printf '%s under load: %d bytes of stream, %d commands, caught up after %s s (%s MB/s, %s commands/s), max lag %d bytes, digest after the load %s\n' \
    "$kind" "$bytes" $(( 3 * requests )) "$secs" \
    "$(awk -v b=$bytes -v s="$secs" 'BEGIN { printf "%.1f", b / 1e6 / s }')" \
    "$(awk -v n=$(( 3 * requests )) -v s="$secs" 'BEGIN { printf "%d", n / s }')" "$max_lag" "$after"
  echo "  redis-benchmark alone: $(tr '\r' '\n' < "$tmp/bench-$kind.txt" | grep 'requests per second' | tr '\n' ' ')" >&2
}

sync_replica redis
stop_replica
redis_sync_ms=${sync_ms[redis]}
redis_memory=${mem[redis]}
sync_replica replkit
load_phase replkit
echo "  replkit heap after the load: $(heap_used "$replica_pid") B" >&2
stop_replica
sync_replica redis # on the grown data set: only its lag under the same load is compared
load_phase redis
stop_replica
printf 'full sync: redis %d ms, replkit %d ms (%.2fx); memory: redis used_memory %d B, replkit heap %d B (%.2fx)\n' \
  "$redis_sync_ms" "${sync_ms[replkit]}" "$(awk -v a="${sync_ms[replkit]}" -v b="$redis_sync_ms" 'BEGIN { print a / b }')" \
  "$redis_memory" "${mem[replkit]}" "$(awk -v a="${mem[replkit]}" -v b="$redis_memory" 'BEGIN { print a / b }')"
