package io.replkit.replica;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replkit.replica.hll.HyperLogLog;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The HLL encoder's bytes equal a real server's GET after the same operations. */
class HyperLogLogIT {

    @RedisTest
    void sparseThenDenseBytesEqualTheServersAfterEachBatch(RedisServer redis) {
        Random r = new Random(42);
        HyperLogLog local = HyperLogLog.create(3000);
        boolean sawDense = false;
        try (TestRedisClient c = redis.client()) {
            for (int batch = 0; batch < 120; batch++) {
                List<Object> args = new ArrayList<>(List.of("PFADD", "h"));
                int n = 1 + r.nextInt(batch < 60 ? 5 : 200);
                for (int i = 0; i < n; i++) {
                    String e = "el-" + r.nextInt(1_000_000);
                    args.add(e);
                    local.add(e.getBytes());
                }
                c.call(args.toArray());
                local.invalidateCache();
                if (batch % 7 == 0) {
                    assertEquals(c.callLong("PFCOUNT", "h"), local.countAndCache(), "PFCOUNT after batch " + batch);
                }
                assertArrayEquals((byte[]) c.call("GET", "h"), local.toBytes(), "bytes after batch " + batch);
                sawDense |= local.encoding() == HyperLogLog.DENSE;
            }
        }
        assertEquals(true, sawDense, "the workload never reached the dense encoding");
    }

    @RedisTest
    void registerValuesAbove32PromoteASparseHll(RedisServer redis) {
        HyperLogLog local = HyperLogLog.create(3000);
        try (TestRedisClient c = redis.client()) {
            // find an element whose run of zeros exceeds the sparse VAL maximum of 32
            for (long i = 0; local.encoding() == HyperLogLog.SPARSE; i++) {
                String e = "probe" + i;
                HyperLogLog trial = HyperLogLog.of(local.toBytes(), 3000);
                trial.add(e.getBytes());
                if (trial.encoding() == HyperLogLog.DENSE || i % 50_000 == 0) {
                    c.call("PFADD", "h", e);
                    local.add(e.getBytes());
                    local.invalidateCache();
                }
            }
            assertArrayEquals((byte[]) c.call("GET", "h"), local.toBytes());
        }
    }
}
