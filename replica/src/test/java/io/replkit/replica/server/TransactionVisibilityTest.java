package io.replkit.replica.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.protocol.resp.RespValue;
import io.replkit.replica.apply.CommandApplier;
import io.replkit.replica.data.Dataset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Clients reading while the applier runs see each MULTI/EXEC block entirely or not at all. */
class TransactionVisibilityTest {

    private static byte[][] cmd(String... a) {
        byte[][] b = new byte[a.length][];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i].getBytes(StandardCharsets.UTF_8);
        }
        return b;
    }

    @Test
    void readersNeverSeeHalfATransaction() throws Exception {
        Dataset ds = new Dataset();
        CommandApplier applier = new CommandApplier(ds);
        applier.apply(cmd("MSET", "a", "0", "b", "0"));
        ServedDataset served = new ServedDataset(ds, applier.readLock());
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong applied = new AtomicLong();
        try (ReplicaServer server = ReplicaServer.start(served, new ReplicationState(), ServerOptions.of("127.0.0.1", 0))) {
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 1; !done.get(); i++) {
                        applier.apply(cmd("MULTI"));
                        applier.apply(cmd("SET", "a", Integer.toString(i)));
                        applier.apply(cmd("SET", "b", Integer.toString(i)));
                        applier.apply(cmd("EXEC"));
                        applied.set(i);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            int reads = 0;
            try (RawRespClient c = new RawRespClient(server.port())) {
                long deadline = System.currentTimeMillis() + 1500;
                while (System.currentTimeMillis() < deadline) {
                    List<RespValue> ab = c.call("MGET", "a", "b").value().asList();
                    assertEquals(ab.get(0).asString(), ab.get(1).asString(), "a torn transaction");
                    reads++;
                }
            } finally {
                done.set(true);
                writer.join();
            }
            assertTrue(reads > 100 && applied.get() > 100, reads + " reads, " + applied.get() + " transactions");
        }
    }
}
