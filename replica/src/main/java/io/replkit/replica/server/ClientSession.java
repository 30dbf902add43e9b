package io.replkit.replica.server;

import io.netty.channel.Channel;
import io.replkit.replica.chain.Downstream;
import io.replkit.replica.chain.ReplicaAnnouncement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One client connection's state: what CLIENT LIST shows and what HELLO/SELECT/MULTI/SUBSCRIBE change.
 * Everything but the volatile fields is touched only on the connection's event loop.
 */
public final class ClientSession {
    final long id;
    final String addr;
    final String laddr;
    final long createdMs;
    /** Delivers pub/sub messages into this connection (set once the connection is accepted). */
    final ClientHandler connection;
    volatile long lastInteractionMs;
    volatile String name = "";
    volatile String user = "default";
    volatile int resp = 2;
    volatile int db;
    volatile boolean authenticated;
    volatile String lastCommand = "NULL";
    /** Commands queued after MULTI, or null outside a transaction. */
    List<byte[][]> multi;
    /** A command was rejected while queuing: EXEC aborts. */
    boolean multiDirty;
    volatile boolean closing;
    /** The connection (SYNC/PSYNC take it over to send the replication stream). */
    Channel channel;
    /** What REPLCONF announced, or null. */
    ReplicaAnnouncement replconf;
    /** Set once SYNC/PSYNC made this connection a replica of ours: its replies are dropped. */
    volatile Downstream downstream;
    /** Subscriptions in the order they were made (UNSUBSCRIBE without arguments answers in this order). */
    final Set<PubSub.Key> channels = new LinkedHashSet<>();
    final Set<PubSub.Key> patterns = new LinkedHashSet<>();
    final Set<PubSub.Key> shardChannels = new LinkedHashSet<>();
    /** Sum of the three sets' sizes, readable from any thread (idle timeout, CLIENT LIST). */
    volatile int subscriptions;
    /** When the output buffer went over the soft limit, 0 while under it. */
    long softLimitSinceMs;

    ClientSession(long id, String addr, String laddr, boolean authenticated, long now, ClientHandler connection) {
        this.id = id;
        this.addr = addr;
        this.laddr = laddr;
        this.authenticated = authenticated;
        this.createdMs = now;
        this.lastInteractionMs = now;
        this.connection = connection;
    }

    public long id() {
        return id;
    }

    void startMulti() {
        multi = new ArrayList<>();
        multiDirty = false;
    }

    void endMulti() {
        multi = null;
        multiDirty = false;
    }

    /** Whether the client has any subscription (Redis's CLIENT_PUBSUB flag). */
    boolean subscribed() {
        return subscriptions > 0;
    }

    void countSubscriptions() {
        subscriptions = channels.size() + patterns.size() + shardChannels.size();
    }

    /** The CLIENT LIST / CLIENT INFO line of this client (fields as Redis 7.0 prints them). */
    String infoLine(long now) {
        StringBuilder flags = new StringBuilder();
        if (subscribed()) {
            flags.append('P');
        }
        if (multi != null) {
            flags.append('x');
        }
        if (flags.isEmpty()) {
            flags.append('N');
        }
        return "id=" + id + " addr=" + addr + " laddr=" + laddr + " fd=-1 name=" + name
                + " age=" + (now - createdMs) / 1000 + " idle=" + (now - lastInteractionMs) / 1000
                + " flags=" + flags + " db=" + db + " sub=" + channels.size() + " psub=" + patterns.size()
                + " ssub=" + shardChannels.size() + " multi=" + (multi == null ? -1 : multi.size())
                + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=" + connection.pendingOutputBytes()
                + " tot-mem=0 events=r cmd=" + lastCommand + " user=" + user + " redir=-1 resp=" + resp;
    }

    /** For log lines: {@code id=5 addr=127.0.0.1:51234 name=x}. */
    String describe() {
        return "id=" + id + " addr=" + addr + " name=" + name;
    }
}
