package io.replkit.replica;

import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.repl.ConnectionLink;
import io.replkit.protocol.repl.ReplicationSession;
import io.replkit.protocol.repl.SessionSettings;
import io.replkit.replica.apply.ApplierOptions;
import io.replkit.replica.chain.OutputLimit;
import io.replkit.replica.chain.Relay;
import io.replkit.replica.chain.SnapshotSource;
import io.replkit.replica.data.Dataset;
import io.replkit.replica.server.ReplicaServer;
import io.replkit.replica.server.ReplicationState;
import io.replkit.replica.server.ServedDataset;
import io.replkit.replica.server.ServerOptions;
import io.replkit.replica.snapshot.Snapshotter;
import io.replkit.replica.sync.ReplicaLink;
import io.replkit.replica.sync.UnknownCommandPolicy;
import io.replkit.testkit.RedisVersion;
import java.time.Duration;
import java.util.List;

/**
 * A replkit replica wired as start-replica wires it, serving replicas of its own: a session
 * following {@code masterHost:masterPort} (a real Redis, or another replkit replica), the server on
 * a free port, and the relay between them.
 */
final class RelayReplica implements AutoCloseable {
    final ReplicaServer server;
    final ReplicationSession session;
    final ReplicationState state = new ReplicationState();
    final Relay relay;
    // copy on write: tests stream over it while server threads add lines
    final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
    final ServedDataset served;
    private final SnapshotSource source;
    private final Thread thread;
    volatile Throwable failure;

    RelayReplica(String masterHost, int masterPort, RedisVersion version, long backlogSize, OutputLimit limit)
            throws Exception {
        served = new ServedDataset(new Dataset());
        state.master(masterHost, masterPort);
        state.masterVersion(version.major(), version.minor());
        relay = new Relay(backlogSize, limit, line -> log.add("relay: " + line));
        server = ReplicaServer.start(served, state, ServerOptions.of("127.0.0.1", 0), relay);
        ApplierOptions options = ApplierOptions.forVersion(version.major(), version.minor(), version.patch());
        ReplicaLink link = new ReplicaLink(served, state, options, 16, UnknownCommandPolicy.STOP, log::add).relayTo(relay);
        source = SnapshotSource.of(new Snapshotter(link::applier), SnapshotSource.targetFor(version.major(), version.minor()));
        relay.snapshots(source);
        ConnectionSettings cs = ConnectionSettings.of("redis://" + masterHost + ":" + masterPort);
        session = new ReplicationSession(() -> ConnectionLink.open(cs), SessionSettings.defaults()
                .withListeningPort(server.port()).withRetries(10, true)
                .withBackoff(Duration.ofMillis(300), Duration.ofSeconds(1)), link);
        thread = new Thread(() -> {
            try {
                session.run();
            } catch (Throwable t) {
                failure = t;
            }
        }, "relay-replica-session");
        thread.start();
    }

    /**
     * From now on a capture for a downstream full sync is taken at once but its RDB is written only
     * once the returned latch is opened: a snapshot that takes long to write.
     */
    java.util.concurrent.CountDownLatch gateSnapshots() {
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        relay.snapshots(() -> {
            SnapshotSource.Capture c = source.capture();
            return new SnapshotSource.Capture() {
                @Override
                public String replId() {
                    return c.replId();
                }

                @Override
                public long offset() {
                    return c.offset();
                }

                @Override
                public void writeRdb(java.io.OutputStream out) throws java.io.IOException {
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException();
                    }
                    c.writeRdb(out);
                }

                @Override
                public void close() {
                    c.close();
                }
            };
        });
        return gate;
    }

    int port() {
        return server.port();
    }

    boolean logged(String fragment) {
        synchronized (log) {
            return log.stream().anyMatch(l -> l.contains(fragment));
        }
    }

    long count(String fragment) {
        synchronized (log) {
            return log.stream().filter(l -> l.contains(fragment)).count();
        }
    }

    @Override
    public void close() throws Exception {
        session.stopNow();
        thread.join(5000);
        server.close();
    }
}
