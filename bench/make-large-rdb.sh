#!/usr/bin/env bash
# Generates a large mixed RDB file with a real Redis server, for bench/rdb-inspect.sh.
#
# usage: bench/make-large-rdb.sh [--force] [SIZE_MB] [OUT]
#
#   SIZE_MB  wanted file size in MB (10^6 bytes); default 1100
#   OUT      where to put the file; default bench/work/large.rdb (bench/work/ is git-ignored)
#   --force  regenerate even when OUT already exists and is big enough
#
# Starts $REDIS_SERVER (default /usr/bin/redis-server) on a free 127.0.0.1 port in a temporary
# directory with `--save "" --appendonly no --rdbcompression no` (no LZF compression, so the file
# size reflects the data set rather than how well it compresses), fills it by piping the commands
# written by bench/gen-resp.c (compiled with gcc into bench/work/) into `redis-cli --pipe`, runs
# SAVE, moves the dump to OUT and stops the server. The data set is deterministic: see
# bench/gen-resp.c for the mix (by bytes ~70% strings, 8% lists, 7% hashes, 5% each sets, zsets
# and streams; some keys expire in the year 2100).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() { sed -n '4,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

force=0
pos=()
for a in "$@"; do
  case "$a" in
    --force) force=1 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "make-large-rdb: unknown option $a" >&2; usage >&2; exit 2 ;;
    *) pos+=("$a") ;;
  esac
done
[ "${#pos[@]}" -le 2 ] || { usage >&2; exit 2; }
size_mb="${pos[0]:-1100}"
out="${pos[1]:-$here/work/large.rdb}"
[[ "$size_mb" =~ ^[0-9]+$ ]] && [ "$size_mb" -gt 0 ] || { echo "make-large-rdb: SIZE_MB must be a positive integer" >&2; exit 2; }
target=$((size_mb * 1000000))

# "Big enough": the generator aims at the target from estimates, so allow a little slack.
if [ -f "$out" ] && [ "$force" = 0 ]; then
  have=$(stat -c %s "$out")
  if [ "$have" -ge $((target / 100 * 97)) ]; then
    echo "make-large-rdb: $out exists ($have bytes, wanted ~$target); not regenerating (use --force)"
    exit 0
  fi
fi

redis_server="${REDIS_SERVER:-/usr/bin/redis-server}"
if [ -n "${REDIS_CLI:-}" ]; then
  redis_cli="$REDIS_CLI"
elif [ -x "$(dirname "$redis_server")/redis-cli" ]; then
  redis_cli="$(dirname "$redis_server")/redis-cli"
else
  redis_cli="redis-cli"
fi
command -v "$redis_server" >/dev/null || { echo "make-large-rdb: no $redis_server (set REDIS_SERVER)" >&2; exit 1; }
command -v "$redis_cli" >/dev/null || { echo "make-large-rdb: no redis-cli (set REDIS_CLI)" >&2; exit 1; }

# The RESP generator, rebuilt when its source is newer.
mkdir -p "$here/work"
gen="$here/work/gen-resp"
if [ ! -x "$gen" ] || [ "$here/gen-resp.c" -nt "$gen" ]; then
  echo "make-large-rdb: compiling $gen"
  "${CC:-gcc}" -O2 -std=c11 -o "$gen" "$here/gen-resp.c"
fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null && return
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  echo "make-large-rdb: no free port found" >&2
  return 1
}

mkdir -p "$(dirname "$out")"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/replkit-make-rdb.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port="$(free_port)"
start=$(date +%s)
"$redis_server" --bind 127.0.0.1 --port "$port" --dir "$tmp" --dbfilename dump.rdb \
  --save "" --appendonly no --rdbcompression no --daemonize no --logfile "$tmp/redis.log" &
pid=$!
cli=("$redis_cli" -h 127.0.0.1 -p "$port")
for _ in $(seq 100); do
  [ "$("${cli[@]}" PING 2>/dev/null)" = PONG ] && break
  kill -0 "$pid" 2>/dev/null || { echo "make-large-rdb: redis-server exited:" >&2; cat "$tmp/redis.log" >&2; exit 1; }
  sleep 0.1
done
[ "$("${cli[@]}" PING 2>/dev/null)" = PONG ] || { echo "make-large-rdb: redis-server did not answer on port $port" >&2; exit 1; }
echo "make-large-rdb: $("$redis_server" --version | cut -d' ' -f1-3) (pid $pid) on 127.0.0.1:$port, dir $tmp"
echo "make-large-rdb: filling ~$size_mb MB ..."

"$gen" "$target" 2>"$tmp/gen.txt" | "${cli[@]}" --pipe --pipe-timeout 0 >"$tmp/pipe.txt" 2>&1 || {
  echo "make-large-rdb: fill failed:" >&2; cat "$tmp/pipe.txt" "$tmp/gen.txt" >&2; exit 1; }
grep -q '^errors: 0,' "$tmp/pipe.txt" || { echo "make-large-rdb: the server rejected commands:" >&2; cat "$tmp/pipe.txt" >&2; exit 1; }
filled=$(date +%s)

keys="$("${cli[@]}" DBSIZE)"
expires="$("${cli[@]}" INFO keyspace | tr -d '\r' | sed -n 's/^db0:.*expires=\([0-9]*\).*/\1/p')"
used="$("${cli[@]}" INFO memory | tr -d '\r' | sed -n 's/^used_memory_human://p')"
echo "make-large-rdb: $keys keys ($expires with an expiry), server memory $used; SAVE ..."
[ "$("${cli[@]}" SAVE)" = OK ] || { echo "make-large-rdb: SAVE failed" >&2; cat "$tmp/redis.log" >&2; exit 1; }
saved=$(date +%s)

kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""
mv -f "$tmp/dump.rdb" "$out.partial"
mv -f "$out.partial" "$out"

bytes=$(stat -c %s "$out")
echo
sed -n '/^type /,$p' "$tmp/gen.txt"
echo
echo "make-large-rdb: wrote $out"
echo "make-large-rdb: $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB), $keys keys," \
  "$expires with an expiry; fill $((filled - start)) s, SAVE $((saved - filled)) s, total $(($(date +%s) - start)) s"
