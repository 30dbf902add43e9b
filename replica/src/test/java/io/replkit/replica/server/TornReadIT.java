package io.replkit.replica.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads served while the stream is applied never see half of a write: the master sets a and b to
 * the same value in MULTI/EXEC blocks and in single MSETs, and clients of the replica reading both
 * (MGET, and MULTI GET GET EXEC) always find them equal.
 */
@RedisConfig("repl-diskless-sync-delay 0")
class TornReadIT {

    @RedisTest
    void readersNeverSeeHalfATransactionOrHalfAnMset(RedisServer master) throws Exception {
        try (TestRedisClient m = master.client();
             LiveReplica replkit = new LiveReplica(master, ServerOptions.of("127.0.0.1", 0))) {
            replkit.catchUp(m);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong reads = new AtomicLong();
            AtomicReference<String> torn = new AtomicReference<>();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                boolean transactions = t % 2 == 1;
                Thread reader = new Thread(() -> {
                    try (TestRedisClient c = new TestRedisClient("127.0.0.1", replkit.port())) {
                        while (!stop.get() && torn.get() == null) {
                            List<?> ab;
                            if (transactions) {
                                c.send("MULTI");
                                c.send("GET", "a");
                                c.send("GET", "b");
                                c.send("EXEC");
                                c.readReply();
                                c.readReply();
                                c.readReply();
                                ab = (List<?>) c.readReply();
                            } else {
                                ab = (List<?>) c.call("MGET", "a", "b");
                            }
                            String a = text(ab.get(0));
                            String b = text(ab.get(1));
                            if (!a.equals(b)) {
                                torn.compareAndSet(null, "a=" + a + " b=" + b + (transactions ? " (MULTI)" : " (MGET)"));
                            }
                            seen.add(a);
                            reads.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        torn.compareAndSet(null, "reader failed: " + e);
                    }
                });
                reader.start();
                readers.add(reader);
            }
            // write until the readers have seen many distinct states (at least 3000 rounds, at most 60 s)
            long deadline = System.currentTimeMillis() + 60_000;
            int rounds = 0;
            for (int i = 1; i <= 3000 || (seen.size() < 100 && System.currentTimeMillis() < deadline); i++) {
                rounds = i;
                String v = Integer.toString(i);
                if (i % 2 == 0) {
                    m.send("MULTI");
                    m.send("SET", "a", v);
                    m.send("INCRBY", "pad", "1"); // something between the two halves
                    m.send("SET", "b", v);
                    m.send("EXEC");
                    for (int r = 0; r < 5; r++) {
                        m.readReply();
                    }
                } else {
                    m.call("MSET", "a", v, "b", v);
                }
            }
            replkit.catchUp(m);
            stop.set(true);
            for (Thread r : readers) {
                r.join(10_000);
            }
            assertEquals(null, torn.get(), "a torn read after " + reads.get() + " reads");
            assertTrue(seen.size() >= 100, "the readers ran alongside the writes: " + seen.size() + " values seen");
            try (TestRedisClient c = new TestRedisClient("127.0.0.1", replkit.port())) {
                List<?> last = (List<?>) c.call("MGET", "a", "b");
                assertEquals(List.of(Integer.toString(rounds), Integer.toString(rounds)), last.stream().map(TornReadIT::text).toList());
            }
        }
    }

    private static String text(Object o) {
        return o == null ? "(nil)" : o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : o.toString();
    }
}
