#!/usr/bin/env bash
# Benchmarks `replkit repl-tail` following a master under a pipelined write load, beside
# `redis-cli --replica` doing the same.
#
# usage: bench/repl-tail.sh [-n REQUESTS]
#
#   -n REQUESTS  redis-benchmark requests per test (default 2000000; 3 tests: set, lpush, incr)
#
# For each follower (repl-tail --format resp, repl-tail --format jsonl, redis-cli --replica), all
# with stdout to /dev/null: start a fresh redis-server (port from the OS, temp dir, no persistence,
# repl-diskless-sync-delay 0, a 1 GB backlog), start the follower and wait until the master lists
# it online, then run `redis-benchmark -P 32 -t set,lpush,incr -n REQUESTS` against the master while
# sampling every 100 ms:
#   - ack lag: master_repl_offset minus the offset the follower acknowledged (INFO replication;
#     replkit acknowledges every second like a replica; redis-cli --replica never does, so "-");
#   - unsent: the master's output buffer for the follower (omem in CLIENT LIST TYPE replica), the
#     bytes the master could not yet hand to the follower's socket.
# After the load: the follower is caught up when its ack equals master_repl_offset (replkit), or
# when the bytes it has read (rchar in /proc/PID/io) stop growing for 1 s (redis-cli). Stream MB/s = stream bytes / (catch-up time - load
# start); commands/s = the commands in the stream (counted by a jsonl run) / the same time.
# Then a catch-up run: `repl-tail --from REPLID:START --until-offset END` replays the whole load
# from the master's backlog with no load running: the follower's own speed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
requests=2000000
while [ $# -gt 0 ]; do
  case "$1" in
    -n) requests="$2"; shift 2 ;;
    -h|--help) sed -n '5,7s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "repl-tail.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

replkit="$root/replkit"
export REPLKIT_JAVA_OPTS="${REPLKIT_JAVA_OPTS:--Xmx256m}"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/replkit-bench-tail.XXXXXX")"
server_pid=""
follower_pid=""
cleanup() {
  [ -n "$follower_pid" ] && kill "$follower_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

"$replkit" repl-tail --help >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

start_master() {
  port="$(free_port)"
  mkdir -p "$tmp/$port"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$tmp/$port" --save "" --appendonly no \
    --repl-diskless-sync-delay 0 --repl-backlog-size 1gb --logfile "$tmp/$port/redis.log" &
  server_pid=$!
  for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && return; sleep 0.05; done
  echo "repl-tail.sh: redis-server did not start" >&2; exit 1
}
stop_master() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }
info() { redis-cli -p "$port" info replication | tr -d '\r' | sed -n "s/^$1://p"; }
acked() { info slave0 | sed -n 's/.*,offset=\([0-9]*\),.*/\1/p'; }
online() { [[ "$(info slave0)" == *state=online* ]]; }
omem() { redis-cli -p "$port" client list type replica | tr -d '\r' | sed -n 's/.* omem=\([0-9]*\) .*/\1/p' | head -n 1; }

follower_cmd() {
  case "$1" in
    resp) echo "$replkit repl-tail --master redis://127.0.0.1:$port --format resp" ;;
    jsonl) echo "$replkit repl-tail --master redis://127.0.0.1:$port --format jsonl" ;;
    redis-cli) echo "redis-cli -p $port --replica" ;;
  esac
}

# run_follower NAME: sets r[NAME] to "stream_bytes seconds max_ack_lag max_unsent commands start end replid"
# (no command substitution: its subshell would run the EXIT trap and wait for the server)
run_follower() {
  local name="$1"
  start_master
  # shellcheck disable=SC2046 # the command is words
  $(follower_cmd "$name") >"$tmp/$name.out" 2>"$tmp/$name.err" &
  follower_pid=$!
  for _ in $(seq 400); do online && break; sleep 0.05; done
  online || { echo "repl-tail.sh: $name did not come online" >&2; cat "$tmp/$name.err" >&2; exit 1; }
  local start_off t0 t_end max_lag=0 max_unsent=0 lag unsent a end_off
  start_off="$(info master_repl_offset)"
  t0="$(now_ms)"
  redis-benchmark -p "$port" -P 32 -t set,lpush,incr -n "$requests" -q >"$tmp/$name.bench" 2>&1 &
  local bench_pid=$!
  while kill -0 "$bench_pid" 2>/dev/null; do
    a="$(acked)"; unsent="$(omem)"
    if [ "$name" != redis-cli ] && [ -n "$a" ]; then lag=$(( $(info master_repl_offset) - a )); [ "$lag" -gt "$max_lag" ] && max_lag=$lag; fi
    [ -n "$unsent" ] && [ "$unsent" -gt "$max_unsent" ] && max_unsent=$unsent
    sleep 0.1
  done
  wait "$bench_pid"
  end_off="$(info master_repl_offset)"
  if [ "$name" = redis-cli ]; then
    # redis-cli never acknowledges: caught up when the bytes it has read stop growing for 1 s
    local last_read=-1 read_now quiet_since=""
    while :; do
      read_now="$(awk '/^rchar:/ { print $2 }' "/proc/$follower_pid/io")"
      if [ "$read_now" = "$last_read" ]; then
        [ $(( $(now_ms) - quiet_since )) -ge 1000 ] && break
      else
        last_read="$read_now"; quiet_since="$(now_ms)"
      fi
      sleep 0.05
    done
    t_end="$quiet_since"
    max_lag="-"
  else
    while [ "$(acked)" != "$end_off" ]; do sleep 0.05; done
    t_end="$(now_ms)"
  fi
  kill "$follower_pid" 2>/dev/null || true; wait "$follower_pid" 2>/dev/null || true; follower_pid=""
  local commands="-"
  [ "$name" = jsonl ] && commands="$(wc -l <"$tmp/jsonl.out")"
  r[$name]="$((end_off - start_off)) $(awk -v ms=$((t_end - t0)) 'BEGIN { printf "%.2f", ms / 1000 }') $max_lag $max_unsent $commands $start_off $end_off $(info master_replid)"
}

echo "repl-tail.sh: redis-benchmark -P 32 -t set,lpush,incr -n $requests, $(redis-server --version | cut -d' ' -f3)" >&2
declare -A r=()
for name in resp jsonl redis-cli; do
  echo "repl-tail.sh: following with $name ..." >&2
  run_follower "$name"
  if [ "$name" = jsonl ]; then
    # catch-up: the same stream again from the master's backlog, nothing else running
    read -r _ _ _ _ cmds start_off end_off replid <<<"${r[jsonl]}"
    for fmt in resp jsonl; do
      echo "repl-tail.sh: catch-up from the backlog with $fmt ..." >&2
      t0="$(now_ms)"
      "$replkit" repl-tail --master "redis://127.0.0.1:$port" --from "$replid:$start_off" --until-offset "$end_off" \
        --format "$fmt" >/dev/null 2>"$tmp/catchup-$fmt.err" || { cat "$tmp/catchup-$fmt.err" >&2; exit 1; }
      grep -q "continuing at offset" "$tmp/catchup-$fmt.err" || { echo "repl-tail.sh: catch-up was not a partial resync" >&2; cat "$tmp/catchup-$fmt.err" >&2; exit 1; }
      r[catchup-$fmt]="$((end_off - start_off)) $(awk -v ms=$(($(now_ms) - t0)) 'BEGIN { printf "%.2f", ms / 1000 }') - - $cmds"
    done
  fi
  stop_master
done
commands="$(echo "${r[jsonl]}" | cut -d' ' -f5)"

cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo
echo "Machine: $cpu, $(nproc) cores, $(uname -sr); Java: $(java -version 2>&1 | head -n 1)"
echo "Load:    redis-benchmark -P 32 -t set,lpush,incr -n $requests; stream: $commands commands"
echo
echo "| follower | stream MB | seconds | MB/s | commands/s | max ack lag (bytes) | max unsent (bytes) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for name in resp jsonl redis-cli catchup-resp catchup-jsonl; do
  read -r bytes secs lag unsent _ <<<"${r[$name]}"
  case "$name" in
    resp) label='`repl-tail --format resp > /dev/null`, live' ;;
    jsonl) label='`repl-tail --format jsonl > /dev/null`, live' ;;
    redis-cli) label='`redis-cli --replica > /dev/null`, live' ;;
    catchup-resp) label='`repl-tail --format resp`, catch-up from the backlog' ;;
    catchup-jsonl) label='`repl-tail --format jsonl`, catch-up from the backlog' ;;
  esac
  awk -v l="$label" -v b="$bytes" -v s="$secs" -v c="$commands" -v lag="$lag" -v u="$unsent" \
    'BEGIN { printf "| %s | %.1f | %.2f | %.1f | %.0f | %s | %s |\n", l, b / 1e6, s, b / 1e6 / s, c / s, lag, u }'
done
