package io.replkit.cli.verify;

import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.client.RedisConnection;
import io.replkit.protocol.client.RedisUri;
import io.replkit.protocol.repl.ReplicationInfo;
import io.replkit.protocol.resp.RespValue;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One look at a master and its replicas: the master's {@code INFO replication}, each replica it
 * lists ({@code slaveN:} lines) joined with the replica's own {@code INFO replication} where it can
 * be reached, plus replicas named on the command line (which may not be listed: disconnected, or
 * further down a chain).
 */
final class ReplicationView {

    /**
     * A replica as the master sees it and as it sees itself.
     *
     * @param listed       whether the master lists it
     * @param state        the master's view: online, wait_bgsave, send_bulk ...; for a replica it does not list,
     *                     "via host:port" (its own master, further down a chain) or "not connected"
     * @param lagBytes     master_repl_offset minus the acknowledged offset (for an unlisted replica: its own offset)
     * @param lagSeconds   seconds since its last acknowledgement (unlisted: since its last I/O from its master)
     * @param ackedOffset  the last offset it acknowledged to the master, -1 when unknown
     * @param own          its own INFO replication, null when not reached
     * @param unreachable  why it could not be reached, null when it was (or was not tried)
     */
    record Replica(String address, boolean listed, String state, long ackedOffset, long lagBytes, long lagSeconds,
                   ReplicationInfo own, String unreachable) {

        /** Listed by the master, or linked to its own master further down a chain. */
        boolean connected() {
            return listed || state.startsWith("via ");
        }

        /** The offset the replica has reached: acknowledged to the master, else its own view. */
        long offset() {
            if (ackedOffset >= 0) {
                return ackedOffset;
            }
            return own == null ? -1 : own.replicaOffset();
        }
    }

    record Snapshot(String masterAddress, ReplicationInfo master, List<Replica> replicas) {
    }

    private final ConnectionSettings masterSettings;
    private final List<String> extraReplicas;
    private final Duration replicaTimeout;
    private final Map<String, RedisConnection> replicaConnections = new LinkedHashMap<>();
    private RedisConnection master;

    ReplicationView(ConnectionSettings masterSettings, List<String> extraReplicas, Duration replicaTimeout) {
        this.masterSettings = masterSettings;
        this.extraReplicas = extraReplicas;
        this.replicaTimeout = replicaTimeout;
    }

    Snapshot take(boolean withReplicaViews) throws IOException {
        if (master == null) {
            master = RedisConnection.open(masterSettings);
        }
        ReplicationInfo info = info(master);
        long masterOffset = info.masterReplOffset();
        List<Replica> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (ReplicationInfo.ReplicaLine line : info.replicas()) {
            String addr = line.address();
            seen.add(addr);
            Own own = withReplicaViews ? own(settingsFor(line.ip(), line.port())) : new Own(null, null);
            out.add(new Replica(addr, true, line.state(), line.offset(),
                line.offset() >= 0 && masterOffset >= 0 ? masterOffset - line.offset() : -1, line.lagSeconds(), own.info, own.error));
        }
        for (String uri : extraReplicas) {
            ConnectionSettings s = settingsFor(uri);
            String addr = s.uri().address();
            if (seen.contains(addr)) {
                continue; // listed, and so already in the list
            }
            // not listed: disconnected, or further down a chain; its own view is all there is
            Own own = own(s);
            ReplicationInfo i = own.info;
            long offset = i == null ? -1 : i.replicaOffset();
            boolean linked = i != null && "up".equals(i.masterLinkStatus());
            out.add(new Replica(addr, false, linked ? "via " + i.masterAddress() : "not connected", -1,
                offset >= 0 && masterOffset >= 0 ? masterOffset - offset : -1,
                linked ? i.getLong("master_last_io_seconds_ago", -1) : -1, i, own.error));
        }
        return new Snapshot(master.address(), info, out);
    }

    private record Own(ReplicationInfo info, String error) {
    }

    private Own own(ConnectionSettings s) {
        String key = s.uri().address();
        try {
            RedisConnection c = replicaConnections.get(key);
            if (c == null) {
                c = RedisConnection.open(s);
                replicaConnections.put(key, c);
            }
            return new Own(info(c), null);
        } catch (IOException e) {
            RedisConnection c = replicaConnections.remove(key);
            if (c != null) {
                c.close();
            }
            return new Own(null, e.getMessage());
        }
    }

    private static ReplicationInfo info(RedisConnection c) throws IOException {
        RespValue r = c.call("INFO", "replication");
        if (r.isError()) {
            throw new IOException(c.address() + " refused INFO replication: " + r.asString());
        }
        return ReplicationInfo.parse(r.asString());
    }

    /** A listed replica: the master's credentials and TLS, the address the master reports. */
    private ConnectionSettings settingsFor(String ip, int port) {
        RedisUri u = masterSettings.uri().withHost(ip).withPort(port).withDb(0);
        return quick(new ConnectionSettings(u, masterSettings.tls(), masterSettings.connectTimeout(), masterSettings.readTimeout(),
            masterSettings.clientName(), masterSettings.username(), masterSettings.password()));
    }

    /** A replica given by URI: its own credentials when it has any, else the master's. */
    private ConnectionSettings settingsFor(String uri) {
        RedisUri u = RedisUri.parse(uri);
        if (u.password() == null && masterSettings.effectivePassword() != null) {
            u = u.withCredentials(masterSettings.effectiveUsername(), masterSettings.effectivePassword());
        }
        return quick(new ConnectionSettings(u, masterSettings.tls(), masterSettings.connectTimeout(), masterSettings.readTimeout(),
            masterSettings.clientName(), null, null));
    }

    private ConnectionSettings quick(ConnectionSettings s) {
        return s.withConnectTimeout(replicaTimeout).withReadTimeout(replicaTimeout.multipliedBy(2));
    }

    void close() {
        if (master != null) {
            master.close();
        }
        replicaConnections.values().forEach(RedisConnection::close);
    }
}
