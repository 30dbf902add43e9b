#!/usr/bin/env bash
# Rebuilds examples/dataset.rdb: a small, deterministic dataset with every data type and
# encoding a user meets, saved by a real redis-server.
#
#   examples/make-example.sh [OUTPUT.rdb]     (default: dataset.rdb next to this script)
#
# The server is $REDIS_SERVER (the first one, if it lists several separated by ':') or
# redis-server from PATH; redis-cli comes from PATH. The committed file was made with
# redis-server 7.0.15 (RDB version 10); see README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/dataset.rdb}"

server="${REDIS_SERVER:-}"
server="${server%%:*}"
if [[ -z "$server" ]]; then
    server="$(command -v redis-server || true)"
fi
if [[ -z "$server" || ! -x "$server" ]]; then
    echo "make-example: no redis-server (set REDIS_SERVER or put redis-server on PATH)" >&2
    exit 1
fi
if ! command -v redis-cli >/dev/null; then
    echo "make-example: no redis-cli on PATH" >&2
    exit 1
fi

version="$("$server" --version | sed -nE 's/.*v=([0-9]+\.[0-9]+\.[0-9]+).*/\1/p')"
if [[ -z "$version" ]]; then
    echo "make-example: cannot tell the version of $server" >&2
    exit 1
fi
major="${version%%.*}"

work="$(mktemp -d "${TMPDIR:-/tmp}/replkit-example.XXXXXX")"
pid=""
cleanup() {
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# A port nobody answers on (another process may still take it first: the start below retries).
free_port() {
    local p
    for _ in $(seq 1 100); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

port=""
for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    : >"$work/redis.log"
    "$server" --port "$port" --bind 127.0.0.1 --dir "$work" --save "" --appendonly no \
        --daemonize no --protected-mode no --logfile "$work/redis.log" >"$work/stdout.log" 2>&1 &
    pid=$!
    up=""
    for _ in $(seq 1 200); do
        if ! kill -0 "$pid" 2>/dev/null; then
            break
        fi
        if [[ "$(redis-cli -h 127.0.0.1 -p "$port" PING 2>/dev/null || true)" == "PONG" ]]; then
            up=yes
            break
        fi
        sleep 0.05
    done
    if [[ -n "$up" ]]; then
        break
    fi
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=""
    if ! grep -q "Address already in use" "$work/redis.log" "$work/stdout.log"; then
        echo "make-example: redis-server did not start:" >&2
        tail -n 20 "$work/redis.log" "$work/stdout.log" >&2
        exit 1
    fi
done
if [[ -z "$pid" ]]; then
    echo "make-example: no free port after 5 attempts" >&2
    exit 1
fi
echo "make-example: redis-server $version (pid $pid) on 127.0.0.1:$port, dir $work"

# cli DB ARGS...: one command in database DB; stops the script on an error reply.
cli() {
    local db="$1" reply
    shift
    reply="$(redis-cli -h 127.0.0.1 -p "$port" -n "$db" --no-raw "$@")"
    if [[ "$reply" == "(error)"* ]]; then
        echo "make-example: $* -> $reply" >&2
        exit 1
    fi
}

# Far-future expiry times (2100-01-01T00:00:00Z), so the keys still exist when the file is loaded.
expire_s=4102444800
expire_ms=4102444800123

# ---- db 0: strings ----
cli 0 SET str:int8 100
cli 0 SET str:int16 30000
cli 0 SET str:int32 2000000000
cli 0 SET str:negative -12345
cli 0 SET str:int64 9007199254740993
cli 0 SET str:empty ""
cli 0 SET str:short hello
cli 0 SET str:utf8 "héllo wörld ✓"
long_compressible="$(printf 'replkit example %.0s' $(seq 1 40))"
cli 0 SET str:long-compressible "$long_compressible"
long_hex="$(for i in $(seq 1 8); do printf 'replkit-%d' "$i" | sha256sum | cut -c1-64; done | tr -d '\n')"
cli 0 SET str:long-hex "$long_hex"
# all 256 byte values, 0x00..0xff
printf "$(printf '\\x%02x' $(seq 0 255))" | cli 0 -x SET str:binary
cli 0 SET str:expiring "expires in 2100"
cli 0 EXPIREAT str:expiring "$expire_s"
cli 0 SET str:expiring-ms "expires in 2100, millisecond precision"
cli 0 PEXPIREAT str:expiring-ms "$expire_ms"

# ---- lists ----
cli 0 RPUSH list:small a b c 1 2 3 -100 "with space"
# about 12 KB, more than one 8 KB quicklist node (list-max-listpack-size -2)
large_list=()
for i in $(seq 1 300); do large_list+=("$(printf 'element-%04d-abcdefghijklmnopqrstuvwxyz' "$i")"); done
cli 0 RPUSH list:large "${large_list[@]}"
cli 0 RPUSH list:expiring x y z
cli 0 PEXPIREAT list:expiring "$expire_ms"

# ---- sets ----
cli 0 SADD set:intset 1 2 3 5 8 13 21 -7 40000 5000000000
cli 0 SADD set:small apple banana cherry
# more than 128 members (set-max-listpack-entries in 7.2+)
large_set=()
for i in $(seq 0 299); do large_set+=("$(printf 'member:%04d' "$i")"); done
cli 0 SADD set:large "${large_set[@]}"

# ---- sorted sets ----
cli 0 ZADD zset:small 1 one 2 two 3.5 three-and-a-half -1 minus-one +inf plus-infinity -inf minus-infinity
# more than zset-max-listpack-entries (128) members, so it is a skiplist
large_zset=()
for i in $(seq 0 199); do large_zset+=("$i.25" "$(printf 'player:%04d' "$i")"); done
cli 0 ZADD zset:large "${large_zset[@]}"

# ---- hashes ----
cli 0 HSET hash:small name Alice age 30 city Paris
large_hash=()
# more than hash-max-listpack-entries (512) fields, so it is a hashtable
for i in $(seq 0 599); do large_hash+=("$(printf 'f%03d' "$i")" "$(printf 'v%03d' "$i")"); done
cli 0 HSET hash:large "${large_hash[@]}"
cli 0 HSET hash:long-value note "$(printf 'a value longer than sixty-four bytes %.0s' 1 2 3)"
cli 0 HSET hash:expiring field value
cli 0 EXPIREAT hash:expiring "$expire_s"

# ---- stream with a consumer group, consumers and pending entries ----
cli 0 XADD stream:events 1700000000000-0 type login user alice
cli 0 XADD stream:events 1700000000000-1 type view user alice page /home
cli 0 XADD stream:events 1700000001000-0 type login user bob
cli 0 XADD stream:events 1700000002000-0 type purchase user bob item 42 amount 9.99
cli 0 XADD stream:events 1700000003000-0 type logout user alice
cli 0 XGROUP CREATE stream:events group-1 0
cli 0 XREADGROUP GROUP group-1 consumer-1 COUNT 3 STREAMS stream:events ">"
cli 0 XACK stream:events group-1 1700000000000-0
cli 0 XGROUP CREATECONSUMER stream:events group-1 consumer-2
cli 0 XGROUP CREATE stream:events group-2 '$'

# ---- HyperLogLog, bitmap, geo ----
cli 0 PFADD hll:visitors alice bob carol dave eve mallory
cli 0 SETBIT bitmap:flags 0 1
cli 0 SETBIT bitmap:flags 7 1
cli 0 SETBIT bitmap:flags 100 1
cli 0 SETBIT bitmap:flags 1023 1
cli 0 GEOADD geo:cities 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 2.349014 48.864716 Paris

# ---- other databases ----
cli 1 SET db1:string "in database 1"
cli 1 RPUSH db1:list one two three
cli 1 SADD db1:set x y z
cli 3 HSET db3:hash k1 v1 k2 v2
cli 3 ZADD db3:zset 1 a 2 b
cli 3 SET db3:expiring "database 3, expires in 2100"
cli 3 EXPIREAT db3:expiring "$expire_s"

# ---- a function library (Redis 7.0 and newer) ----
if ((major >= 7)); then
    cli 0 FUNCTION LOAD $'#!lua name=examplelib\nredis.register_function(\'example_hello\', function(keys, args) return \'hello \' .. (args[1] or \'world\') end)'
fi

for db in 0 1 3; do
    echo "make-example: db $db has $(redis-cli -h 127.0.0.1 -p "$port" -n "$db" DBSIZE) keys"
done

cli 0 SAVE
cp "$work/dump.rdb" "$out"
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""

echo "make-example: wrote $out ($(wc -c <"$out") bytes, header $(head -c 9 "$out"))"

# Check it with a redis-check-rdb of the same server: the one next to it, else redis-server
# itself started under the name redis-check-rdb (it picks its mode from argv[0]).
check="$(dirname "$server")/redis-check-rdb"
if [[ ! -x "$check" ]]; then
    check="$work/redis-check-rdb"
    ln -s "$server" "$check"
fi
"$check" "$out" | tail -n 3
