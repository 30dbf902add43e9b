#!/usr/bin/env bash
# Read throughput of `replkit start-replica` beside a real Redis replica of the same master:
# redis-benchmark GET and LRANGE_100 (pipelined) against each, alternating, several rounds.
#
# usage: bench/replica-serving.sh [-n REQUESTS] [-P PIPELINE] [-c CLIENTS] [--rounds N]
#
#   -n REQUESTS  requests per test and round (default 1000000)
#   -P PIPELINE  redis-benchmark pipeline depth (default 16, as in issue 8)
#   -c CLIENTS   parallel connections (default 50, redis-benchmark's default)
#   --rounds N   rounds; each runs both tests on both replicas (default 3); medians are reported
#
# 1. A master (redis-server, port from the OS, temp dir) filled by redis-benchmark itself with the
#    keys the read tests use: SET key:__rand_int__, LPUSH mylist (600 elements, as redis-benchmark's
#    LRANGE preparation does), HSET, with -r 100000.
# 2. Two replicas of it, synced: `redis-server --replicaof` and `replkit start-replica`, whose
#    DEBUG DIGESTs are checked against the master's.
# 3. One untimed pass of each test against each replica (the JVM's JIT warm-up; with -n 100000 a
#    cold replkit shows a quarter of its speed), then rounds of
#    `redis-benchmark -P PIPELINE -c CLIENTS -n REQUESTS -r 100000 --csv` with `-t get` and with the
#    command `lrange mylist 0 99` (what -t lrange_100 sends; -t lrange_100 itself first runs an LPUSH
#    that any read-only replica refuses, and redis-benchmark exits on that error), against each
#    replica in turn. The figure is requests/s; replkit's share of Redis's is the ratio of the medians. Everything shares this machine's cores: the server
#    under test, redis-benchmark and the idle other replica.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
requests=1000000
pipeline=16
clients=50
rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    -n) requests="$2"; shift 2 ;;
    -P) pipeline="$2"; shift 2 ;;
    -c) clients="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    -h|--help) sed -n '5,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "replica-serving.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

"$root/replkit" --version >/dev/null # builds the jar when it is stale; the runs below use it directly
jar="$root/cli/target/replkit.jar"
java_opts="${REPLKIT_JAVA_OPTS:--Xmx2g -XX:+UseParallelGC}"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/replkit-bench-serving.XXXXXX")"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
field() { redis-cli -p "$1" info "$2" | tr -d '\r' | sed -n "s/^$3://p"; }
wait_up() {
  for _ in $(seq 6000); do
    [ "$(field "$1" replication master_link_status 2>/dev/null)" = up ] && return 0
    sleep 0.05
  done
  echo "replica-serving.sh: the replica on port $1 never synced" >&2; exit 1
}

mport="$(free_port)"
mkdir -p "$tmp/master"
redis-server --port "$mport" --bind 127.0.0.1 --dir "$tmp/master" --save "" --appendonly no \
  --repl-diskless-sync yes --repl-diskless-sync-delay 0 --enable-debug-command yes \
  --logfile "$tmp/master/redis.log" &
pids+=($!)
until [ "$(redis-cli -p "$mport" ping 2>/dev/null)" = PONG ]; do sleep 0.05; done
redis-benchmark -p "$mport" -t set,lpush,hset -n 200000 -r 100000 -P 16 -q >/dev/null
echo "master: $(redis-server --version | sed 's/ sha=.*//'), $(redis-cli -p "$mport" dbsize) keys, mylist has $(redis-cli -p "$mport" llen mylist) elements" >&2

redis_port="$(free_port)"
mkdir -p "$tmp/redis"
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$tmp/redis" --save "" --appendonly no \
  --replicaof 127.0.0.1 "$mport" --enable-debug-command yes --logfile "$tmp/redis/redis.log" &
pids+=($!)
replkit_port="$(free_port)"
java $java_opts -jar "$jar" start-replica --master "redis://127.0.0.1:$mport" --port "$replkit_port" \
  2>"$tmp/replkit.log" &
pids+=($!)
wait_up "$redis_port"
wait_up "$replkit_port"
master_digest="$(redis-cli -p "$mport" debug digest)"
for p in "$redis_port" "$replkit_port"; do
  until [ "$(redis-cli -p "$p" debug digest)" = "$master_digest" ]; do sleep 0.1; done
done
echo "both replicas synced, digests equal to the master's" >&2

# rps PORT TEST: requests per second of one test. redis-benchmark's -t lrange_100 first runs its own
# LPUSH preparation, which a read-only replica refuses (redis-benchmark then exits): LRANGE_100 is
# given as the command itself, the same request as redis-benchmark's test.
rps() {
  local cmd
  case "$2" in
    get) cmd=(-t get) ;;
    lrange_100) cmd=(lrange mylist 0 99) ;;
  esac
  redis-benchmark -p "$1" -P "$pipeline" -c "$clients" -n "$requests" -r 100000 --csv "${cmd[@]}" 2>/dev/null \
    | sed -n '2s/^"[^"]*","\([^"]*\)".*/\1/p'
}

# JIT warm-up for replkit (and the same for Redis, to keep both runs alike): one untimed pass each
for p in "$redis_port" "$replkit_port"; do rps "$p" get >/dev/null; rps "$p" lrange_100 >/dev/null; done

declare -A results
for r in $(seq "$rounds"); do
  for test in get lrange_100; do
    for kind in redis replkit; do
      port=$([ "$kind" = redis ] && echo "$redis_port" || echo "$replkit_port")
      v="$(rps "$port" "$test")"
      results[$kind.$test]+="$v "
      echo "round $r $test $kind: $v requests/s" >&2
    done
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
for test in get lrange_100; do
  rm="$(echo "${results[redis.$test]}" | median)"
  km="$(echo "${results[replkit.$test]}" | median)"
  printf '%s -P %d -c %d: redis replica %.0f requests/s, replkit %.0f requests/s (%.0f%% of Redis), medians of %d\n' \
    "$(echo "$test" | tr a-z A-Z)" "$pipeline" "$clients" "$rm" "$km" "$(awk -v a="$km" -v b="$rm" 'BEGIN { print 100 * a / b }')" "$rounds"
done
[ "$(redis-cli -p "$replkit_port" debug digest)" = "$master_digest" ] || { echo "replkit's digest changed during the reads" >&2; exit 1; }
