#!/usr/bin/env bash
# Benchmarks a BGSAVE of `replkit start-replica` while the master's write load keeps the stream
# busy: snapshot time, MB/s, and the longest pause in applying during it.
#
# usage: bench/replica-snapshot.sh [-n REQUESTS] [RDB]
#
#   RDB          the master's data (default bench/work/large.rdb, made by bench/make-large-rdb.sh);
#                read in place through a symlink, never written
#   -n REQUESTS  redis-benchmark requests per test of the write load (default 3000000; set,lpush,hset)
#
# 1. A master: redis-server (temp dir, --save "", diskless sync, delay 0, a 1 GB backlog) on a
#    symlink to RDB; `replkit start-replica --save FILE` full-syncs from it.
# 2. Two write loads on the master: `redis-benchmark -P 16 -t set,lpush,hset -r 1000000` (new and
#    overwritten strings first), and `redis-cli --pipe` looping over HSET/RPUSH/SADD/ZADD on 2000
#    collections the data set already holds (the key prefixes of bench/gen-resp.c) (so values the snapshot has not written yet are changed
#    and must be copied first). After 3 s of load, BGSAVE on the replica's port, polled until done,
#    while the lag (master_repl_offset minus the replica's slave_repl_offset) is sampled every 100 ms.
# 3. Reported from the replica's INFO persistence: rdb_last_save_ms (capture to rename, fsync
#    included), rdb_last_save_bytes, rdb_last_capture_usec (the capture: the applier's write lock
#    held while every db is frozen), rdb_last_apply_pause_usec (the longest single command apply,
#    lock wait included, while the snapshot was open: copies and GC pauses alike), rdb_last_cow_copies
#    and rdb_last_cow_copy_usec (values copied before a change, and the time spent copying). The
#    file is checked with redis-check-rdb. JVM options: REPLKIT_JAVA_OPTS (default -Xmx8g
#    -XX:+UseParallelGC, as bench/start-replica.sh).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
requests=3000000
rdb="$here/work/large.rdb"
while [ $# -gt 0 ]; do
  case "$1" in
    -n) requests="$2"; shift 2 ;;
    -h|--help) sed -n '5,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "replica-snapshot.sh: unknown option $1" >&2; exit 2 ;;
    *) rdb="$1"; shift ;;
  esac
done
[ -f "$rdb" ] || { echo "replica-snapshot.sh: no RDB at $rdb (make one with bench/make-large-rdb.sh)" >&2; exit 2; }
rdb="$(readlink -f "$rdb")"

"$root/replkit" --version >/dev/null # builds the jar when it is stale; the runs below use it directly
jar="$root/cli/target/replkit.jar"
java_opts="${REPLKIT_JAVA_OPTS:--Xmx8g -XX:+UseParallelGC}"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/replkit-bench-snapshot.XXXXXX")"
master_pid=""
replica_pid=""
bench_pid=""
pipe_pid=""
cleanup() {
  [ -n "$bench_pid" ] && kill "$bench_pid" 2>/dev/null || true
  [ -n "$pipe_pid" ] && kill "$pipe_pid" 2>/dev/null || true
  [ -n "$replica_pid" ] && kill "$replica_pid" 2>/dev/null || true
  [ -n "$master_pid" ] && kill "$master_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
field() { redis-cli -p "$1" info "$2" | tr -d '\r' | sed -n "s/^$3://p"; }

# --- master
mport="$(free_port)"
mkdir -p "$tmp/master"
ln -s "$rdb" "$tmp/master/dump.rdb"
redis-server --port "$mport" --bind 127.0.0.1 --dir "$tmp/master" --dbfilename dump.rdb --save "" \
  --appendonly no --repl-diskless-sync yes --repl-diskless-sync-delay 0 --repl-backlog-size 1gb \
  --logfile "$tmp/master/redis.log" &
master_pid=$!
until [ "$(field "$mport" persistence loading 2>/dev/null)" = 0 ]; do sleep 0.1; done
echo "master: $(redis-server --version | sed 's/ sha=.*//'), $(redis-cli -p "$mport" dbsize) keys in db 0" >&2

# --- replica with --save
rport="$(free_port)"
java $java_opts -jar "$jar" start-replica --master "redis://127.0.0.1:$mport" --port "$rport" \
  --save "$tmp/replica.rdb" 2>"$tmp/replkit.log" &
replica_pid=$!
t0=$(now_ms)
until [ "$(field "$rport" replication master_link_status 2>/dev/null)" = up ]; do sleep 0.2; done
echo "replkit: full sync in $(( $(now_ms) - t0 )) ms, $(redis-cli -p "$rport" dbsize) keys in db 0" >&2

# --- write loads, then BGSAVE under them
# the key prefixes of bench/gen-resp.c; 250 keys of each
for pattern in 'obj:*' 'h:user:*' 'list:*' 'queue:jobs:*' 'set:ids:*' 'set:tags:*' 'zset:leaderboard:*' 'zset:top:*'; do
  redis-cli -p "$mport" --scan --pattern "$pattern" 2>/dev/null | head -250 || true
done > "$tmp/collections.txt"
while read -r k; do
  case "$k" in
    obj:*|h:user:*) printf 'HSET %s bench-field bench-value\r\n' "$k" ;;
    list:*|queue:*) printf 'RPUSH %s bench-element\r\nLPOP %s\r\n' "$k" "$k" ;;
    set:*) printf 'SADD %s bench-member\r\nSREM %s bench-member\r\n' "$k" "$k" ;;
    zset:*) printf 'ZINCRBY %s 1 bench-member\r\n' "$k" ;;
  esac
done < "$tmp/collections.txt" > "$tmp/collections.cmds"
echo "collection load: $(wc -l < "$tmp/collections.cmds") commands on $(wc -l < "$tmp/collections.txt") existing keys, looped" >&2
( while :; do redis-cli -p "$mport" --pipe < "$tmp/collections.cmds" >/dev/null 2>&1; done ) &
pipe_pid=$!
redis-benchmark -p "$mport" -P 16 -t set,lpush,hset -n "$requests" -r 1000000 -q >"$tmp/bench.txt" 2>&1 &
bench_pid=$!
sleep 3
before_keys="$(redis-cli -p "$rport" dbsize)"
t_save=$(now_ms)
[ "$(redis-cli -p "$rport" bgsave)" = "Background saving started" ] || { echo "BGSAVE refused" >&2; exit 1; }
max_lag=0
while [ "$(field "$rport" persistence rdb_bgsave_in_progress)" = 1 ]; do
  moff="$(field "$mport" replication master_repl_offset)"
  roff="$(field "$rport" replication slave_repl_offset)"
  lag=$(( moff - roff ))
  [ "$lag" -gt "$max_lag" ] && max_lag=$lag
  sleep 0.1
done
wall_ms=$(( $(now_ms) - t_save ))
load_running=no
kill -0 "$bench_pid" 2>/dev/null && load_running=yes
kill "$bench_pid" "$pipe_pid" 2>/dev/null || true
wait "$bench_pid" "$pipe_pid" 2>/dev/null || true
bench_pid=""
pipe_pid=""

status="$(field "$rport" persistence rdb_last_bgsave_status)"
save_ms="$(field "$rport" persistence rdb_last_save_ms)"
bytes="$(field "$rport" persistence rdb_last_save_bytes)"
keys="$(field "$rport" persistence rdb_last_save_keys)"
capture_us="$(field "$rport" persistence rdb_last_capture_usec)"
pause_us="$(field "$rport" persistence rdb_last_apply_pause_usec)"
copies="$(field "$rport" persistence rdb_last_cow_copies)"
copy_us="$(field "$rport" persistence rdb_last_cow_copy_usec)"
longest_copy_us="$(field "$rport" persistence rdb_last_cow_longest_copy_usec)"
check="$(redis-check-rdb "$tmp/replica.rdb" 2>&1 | grep -c 'RDB looks OK' || true)"
grep -h "saved " "$tmp/replkit.log" >&2 || true

printf 'BGSAVE under write load (still running at the end: %s): status %s, %d keys (about %d in the replica when it started), %.1f MB in %d ms (%.1f MB/s; %d ms wall from BGSAVE to done), capture %.3f ms, longest apply pause %.3f ms, %d values copied on write in %.1f ms (longest %.3f ms), max stream lag sampled %d bytes, redis-check-rdb %s\n' \
  "$load_running" "$status" "$keys" "$before_keys" "$(awk -v b="$bytes" 'BEGIN { print b / 1e6 }')" "$save_ms" \
  "$(awk -v b="$bytes" -v t="$save_ms" 'BEGIN { print b / 1e6 / (t / 1000) }')" "$wall_ms" \
  "$(awk -v u="$capture_us" 'BEGIN { print u / 1000 }')" "$(awk -v u="$pause_us" 'BEGIN { print u / 1000 }')" \
  "$copies" "$(awk -v u="$copy_us" 'BEGIN { print u / 1000 }')" "$(awk -v u="$longest_copy_us" 'BEGIN { print u / 1000 }')" \
  "$max_lag" "$([ "$check" = 1 ] && echo OK || echo FAILED)"
