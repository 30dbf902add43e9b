package io.replkit.replica;

import io.replkit.replica.apply.ApplierOptions;
import io.replkit.replica.apply.CommandApplier;
import io.replkit.replica.data.Dataset;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.TestRedisClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.rdb.DataType;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.value.StreamMetadata;
import io.replkit.rdb.value.StreamValue;
import io.replkit.replica.data.StreamObject;
import java.io.IOException;
import java.util.List;

/**
 * A dataset fed by a {@link ReplicationTap} from a real master: the oracle for the applier.
 * {@link #catchUp()} applies everything the master propagated so far; {@link #assertSameAsMaster()}
 * then compares DEBUG DIGEST (and, on a mismatch, every key's DEBUG DIGEST-VALUE).
 */
final class ReplicaUnderTest implements AutoCloseable {
    final RedisServer master;
    final TestRedisClient client;
    final ReplicationTap tap;
    final Dataset dataset;
    final CommandApplier applier;
    /** A real Redis replica of the same master, when asked for: the reference for replica-side state. */
    RedisServer redisReplica;

    /** Also starts a real Redis replica and waits until it is in sync, before any workload. */
    ReplicaUnderTest withRedisReplica() {
        redisReplica = RedisServer.start(master.binary(), "replicaof " + master.host() + " " + master.port());
        try (TestRedisClient r = redisReplica.client()) {
            long deadline = System.currentTimeMillis() + 20_000;
            while (!"up".equals(r.info("replication").get("master_link_status"))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("the Redis replica did not sync:\n" + redisReplica.log());
                }
                sleep(20);
            }
        }
        return this;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    ReplicaUnderTest(RedisServer master) throws IOException {
        this.master = master;
        this.client = master.client();
        this.tap = ReplicationTap.connect(master);
        ApplierOptions options = ApplierOptions.forVersion(master.version().major(), master.version().minor(), master.version().patch());
        this.dataset = tap.loadSnapshot(options.encodings());
        this.applier = new CommandApplier(dataset, System::currentTimeMillis, options, (ch, m, sharded) -> { });
    }

    void catchUp() throws IOException {
        long masterOffset = Long.parseLong(client.info("replication").get("master_repl_offset"));
        tap.applyUntil(masterOffset, applier);
    }

    void assertSameAsMaster() throws IOException {
        catchUp();
        try {
            DigestOracle.assertSameAsServer(dataset, client, false);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nlast commands applied:\n  " + String.join("\n  ", tap.recent()), e);
        }
    }

    /**
     * Stream state DEBUG DIGEST does not cover (counters, groups, PELs, consumers) compared with
     * what a real Redis replica of the same master saves (a replica, not the master: XREADGROUP
     * replicates as XCLAIM … LASTID, which leaves a replica's entries-read behind the master's).
     * Consumer seen/active times come from each side's clock and are skipped.
     */
    void assertStreamsSameAsRedisReplica() throws IOException {
        catchUp();
        long masterOffset = Long.parseLong(client.info("replication").get("master_repl_offset"));
        int checked = 0;
        try (TestRedisClient r = redisReplica.client()) {
            long deadline = System.currentTimeMillis() + 20_000;
            while (Long.parseLong(r.info("replication").get("slave_repl_offset")) < masterOffset) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("the Redis replica did not catch up");
                }
                sleep(20);
            }
            r.call("SAVE");
        }
        try (RdbReader r = RdbReader.open(redisReplica.rdbFile())) {
            for (RdbRecord rec; (rec = r.next()) != null; ) {
                if (!(rec instanceof KeyEntry k) || k.type().dataType() != DataType.STREAM) {
                    continue;
                }
                StreamValue theirs = (StreamValue) k.value();
                Object v = dataset.db(k.db()).get(k.key());
                assertTrue(v instanceof StreamObject, k.describe() + " is not a stream on the replica");
                assertEquals(describe(theirs.metadata(), theirs.entries().size()), describe((StreamObject) v, theirs.metadata()),
                    k.describe());
                checked++;
            }
        }
        assertTrue(checked > 0, "the master saved no stream");
    }

    private static String describe(StreamMetadata m, int entries) {
        StringBuilder sb = new StringBuilder();
        sb.append("len=").append(entries).append(" last=").append(m.lastId());
        if (m.entriesAdded() != null) {
            sb.append(" added=").append(m.entriesAdded()).append(" maxdel=").append(m.maxDeletedId())
                .append(" first=").append(m.firstId());
        }
        for (StreamMetadata.Group g : m.groups()) {
            sb.append("\n group ").append(new String(g.name())).append(" last=").append(g.lastDeliveredId());
            if (g.entriesRead() != null) {
                sb.append(" read=").append(g.entriesRead());
            }
            for (StreamMetadata.PendingEntry p : g.pending()) {
                sb.append("\n  pel ").append(p.id()).append(" t=").append(p.deliveryTimeMs()).append(" n=").append(p.deliveryCount());
            }
            for (StreamMetadata.Consumer c : g.consumers()) {
                sb.append("\n  consumer ").append(new String(c.name())).append(" ").append(c.pending());
            }
        }
        return sb.toString();
    }

    private static String describe(StreamObject s, StreamMetadata shape) {
        StringBuilder sb = new StringBuilder();
        sb.append("len=").append(s.length()).append(" last=").append(s.lastId());
        if (shape.entriesAdded() != null) {
            sb.append(" added=").append(s.entriesAdded()).append(" maxdel=").append(s.maxDeletedId())
                .append(" first=").append(s.firstId());
        }
        for (StreamObject.Group g : s.groups().values()) {
            sb.append("\n group ").append(new String(g.name)).append(" last=").append(g.lastId);
            if (shape.groups().stream().anyMatch(x -> x.entriesRead() != null)) {
                sb.append(" read=").append(g.entriesRead);
            }
            g.pel.forEach((id, p) -> sb.append("\n  pel ").append(id).append(" t=").append(p.deliveryTime).append(" n=").append(p.deliveryCount));
            for (StreamObject.Consumer c : g.consumers.values()) {
                sb.append("\n  consumer ").append(new String(c.name)).append(" ").append(List.copyOf(c.pel.keySet()));
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        if (redisReplica != null) {
            redisReplica.close();
        }
        tap.close();
        client.close();
    }
}
