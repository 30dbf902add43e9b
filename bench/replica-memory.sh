#!/usr/bin/env bash
# Heap of the replica's in-memory dataset beside a real Redis's used_memory for the same RDB.
#
# usage: bench/replica-memory.sh [SIZE_MB]
#
# Generates bench/work/replica-SIZE.rdb with bench/make-large-rdb.sh (default 300 MB), compiles
# the replica module's tests, and runs io.replkit.replica.bench.DatasetMemoryBench on the file,
# which loads it into a redis-server (used_memory, DEBUG DIGEST) and into a Dataset (heap after
# GC, load time, digest).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
size="${1:-300}"
rdb="$here/work/replica-$size.rdb"
"$here/make-large-rdb.sh" "$size" "$rdb"
cd "$root"
mvn -B -q -o -pl replica -am test-compile
cp="$(mvn -B -q -o -pl replica dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)"
cp="$root/replica/target/test-classes:$root/replica/target/classes:$root/rdb/target/classes:$root/testkit/target/classes:$cp"
java ${BENCH_JAVA_OPTS:--Xmx8g -XX:+UseParallelGC} -cp "$cp" io.replkit.replica.bench.DatasetMemoryBench "$rdb"
