package io.replkit.replica.server;

import io.replkit.replica.chain.Relay;
import io.replkit.replica.snapshot.Persistence;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** What every connection shares: the dataset, replication state, options, clients and counters. */
final class ServerContext {
    final ServedDataset data;
    final ReplicationState replication;
    final ServerOptions options;
    final CommandTable commands;
    final Map<Long, ClientSession> clients = new ConcurrentHashMap<>();
    final PubSub pubsub = new PubSub();
    /** Connections accepted and not yet closed, the ones refused included until they close (maxclients). */
    final AtomicInteger connections = new AtomicInteger();
    final AtomicLong rejectedConnections = new AtomicLong();
    /** Server events worth a line (clients closed for limits), like Redis's log. */
    final Consumer<String> log;
    final AtomicLong nextClientId = new AtomicLong(1);
    final AtomicLong commandsProcessed = new AtomicLong();
    final AtomicLong connectionsReceived = new AtomicLong();
    final AtomicLong keyspaceHits = new AtomicLong();
    final AtomicLong keyspaceMisses = new AtomicLong();
    final long startMs = System.currentTimeMillis();
    final String runId;
    volatile int boundPort;
    /** Serves replicas of ours (SYNC/PSYNC), or null when chaining is off. */
    volatile Relay relay;
    /** Snapshots (SAVE, BGSAVE, SHUTDOWN, INFO persistence); null when not set up. */
    volatile Persistence persistence;

    ServerContext(ServedDataset data, ReplicationState replication, ServerOptions options, Consumer<String> log) {
        this.log = log;
        this.data = data;
        this.replication = replication;
        this.options = options;
        this.commands = CommandTable.standard();
        this.runId = randomHex40();
    }

    private static String randomHex40() {
        StringBuilder sb = new StringBuilder(40);
        java.security.SecureRandom r = new java.security.SecureRandom();
        for (int i = 0; i < 40; i++) {
            sb.append("0123456789abcdef".charAt(r.nextInt(16)));
        }
        return sb.toString();
    }
}
