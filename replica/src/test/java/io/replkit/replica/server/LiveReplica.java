package io.replkit.replica.server;

import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.repl.ConnectionLink;
import io.replkit.protocol.repl.ReplicationSession;
import io.replkit.protocol.repl.SessionSettings;
import io.replkit.replica.apply.ApplierOptions;
import io.replkit.replica.data.Dataset;
import io.replkit.replica.sync.ReplicaLink;
import io.replkit.replica.sync.UnknownCommandPolicy;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.TestRedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What start-replica runs, in-process: a {@link ReplicaServer} with the given options fed by a
 * replication session from a real master, PUBLISH delivery wired as the CLI wires it.
 */
final class LiveReplica implements AutoCloseable {
    final ReplicaServer server;
    final ReplicationSession session;
    final ReplicationState state = new ReplicationState();
    // copy on write: tests stream over it while server threads add lines
    final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread thread;

    LiveReplica(RedisServer master, ServerOptions options) throws Exception {
        ServedDataset served = new ServedDataset(new Dataset());
        state.master(master.host(), master.port());
        state.masterVersion(master.version().major(), master.version().minor());
        server = ReplicaServer.start(served, state, options, log::add);
        ApplierOptions ao = ApplierOptions.forVersion(master.version().major(), master.version().minor(),
                master.version().patch());
        ReplicaLink link = new ReplicaLink(served, state, ao, 16, UnknownCommandPolicy.STOP, log::add);
        link.deliverPublishesTo(server.publishListener());
        ConnectionSettings cs = ConnectionSettings.of(master.uri());
        session = new ReplicationSession(() -> ConnectionLink.open(cs), SessionSettings.defaults()
                .withListeningPort(server.port()).withRetries(10, true)
                .withBackoff(Duration.ofMillis(300), Duration.ofSeconds(1)), link);
        thread = new Thread(() -> {
            try {
                session.run();
            } catch (Throwable t) {
                log.add("session failed: " + t);
            }
        }, "replica-session");
        thread.start();
    }

    int port() {
        return server.port();
    }

    /** Waits until everything the master has propagated so far is applied here. */
    void catchUp(TestRedisClient master) {
        long target = Long.parseLong(master.info("replication").get("master_repl_offset"));
        waitFor("offset " + target, () -> state.link() == ReplicationState.Link.CONNECTED && state.offset() >= target);
    }

    void waitFor(String what, java.util.function.BooleanSupplier done) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; log: " + log);
            }
            sleep(10);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A real Redis replica of {@code master}, in sync: the oracle for replica-side replies. */
    static RedisServer redisReplica(RedisServer master, String... config) {
        List<String> lines = new ArrayList<>(List.of(config));
        lines.add("replicaof " + master.host() + " " + master.port());
        RedisServer r = RedisServer.start(master.binary(), lines);
        try (TestRedisClient c = r.client()) {
            long deadline = System.currentTimeMillis() + 20_000;
            while (!"up".equals(c.info("replication").get("master_link_status"))) {
                if (System.currentTimeMillis() > deadline) {
                    r.close();
                    throw new AssertionError("the Redis replica did not sync:\n" + r.log());
                }
                sleep(20);
            }
        }
        return r;
    }

    /** Waits until a real Redis replica has applied everything the master propagated so far. */
    static void catchUp(RedisServer replica, TestRedisClient master) {
        long target = Long.parseLong(master.info("replication").get("master_repl_offset"));
        try (TestRedisClient c = replica.client()) {
            long deadline = System.currentTimeMillis() + 20_000;
            while (Long.parseLong(c.info("replication").get("slave_repl_offset")) < target) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("the Redis replica did not catch up");
                }
                sleep(10);
            }
        }
    }

    @Override
    public void close() throws Exception {
        session.stopNow();
        thread.join(5000);
        server.close();
    }
}
