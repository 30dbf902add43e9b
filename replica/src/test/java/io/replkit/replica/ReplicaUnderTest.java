package io.replkit.replica;

import io.replkit.replica.apply.ApplierOptions;
import io.replkit.replica.apply.CommandApplier;
import io.replkit.replica.data.Dataset;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.TestRedisClient;
import java.io.IOException;

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

    ReplicaUnderTest(RedisServer master) throws IOException {
        this.master = master;
        this.client = master.client();
        this.tap = ReplicationTap.connect(master);
        ApplierOptions options = ApplierOptions.forVersion(master.version().major(), master.version().minor());
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

    @Override
    public void close() throws IOException {
        tap.close();
        client.close();
    }
}
