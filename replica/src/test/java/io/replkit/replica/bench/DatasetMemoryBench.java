package io.replkit.replica.bench;

import io.replkit.rdb.RdbReader;
import io.replkit.replica.data.Dataset;
import io.replkit.replica.data.EncodingRules;
import io.replkit.replica.digest.DatasetDigest;
import io.replkit.replica.load.SnapshotLoader;
import io.replkit.testkit.RedisBinaries;
import io.replkit.testkit.RedisBinary;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.TestRedisClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;

/**
 * Heap taken by a {@link Dataset} loaded from an RDB file, beside the {@code used_memory} of a
 * real redis-server that loaded the same file, and whether both digest the same. Prints figures;
 * asserts nothing about time. Usage: {@code DatasetMemoryBench FILE.rdb} (see bench/replica-memory.sh).
 */
public final class DatasetMemoryBench {
    private DatasetMemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        Path rdb = Path.of(args[0]);
        RedisBinary binary = RedisBinaries.newest();
        long usedMemory;
        long usedDataset;
        long keys;
        String serverDigest;
        try (RedisServer s = RedisServer.startWithRdb(binary, rdb); TestRedisClient c = s.client()) {
            Map<String, String> mem = c.info("memory");
            usedMemory = Long.parseLong(mem.get("used_memory"));
            usedDataset = Long.parseLong(mem.get("used_memory_dataset"));
            keys = c.callLong("DBSIZE");
            serverDigest = c.callString("DEBUG", "DIGEST");
        }
        long before = heapAfterGc();
        long t0 = System.nanoTime();
        Dataset ds = new Dataset();
        try (RdbReader r = RdbReader.open(rdb)) {
            SnapshotLoader.load(r, ds, EncodingRules.forVersion(binary.version().major(), binary.version().minor()));
        }
        long loadMs = (System.nanoTime() - t0) / 1_000_000;
        long heap = heapAfterGc() - before;
        String digest = DatasetDigest.hex(new DatasetDigest(false).dataset(ds));
        System.out.printf("file: %s (%,d bytes), %,d keys (server DBSIZE %,d)%n", rdb, java.nio.file.Files.size(rdb), ds.keyCount(), keys);
        System.out.printf("redis %s used_memory: %,d bytes (dataset %,d)%n", binary.version(), usedMemory, usedDataset);
        System.out.printf("replica heap after load: %,d bytes = %.2fx used_memory; load %,d ms%n", heap, heap / (double) usedMemory, loadMs);
        System.out.printf("digest: %s (server %s) %s%n", digest, serverDigest, digest.equals(serverDigest) ? "equal" : "DIFFERENT");
        if (ds.keyCount() < 0) {
            System.out.println(ds); // keep ds reachable until measured
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        var mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}
