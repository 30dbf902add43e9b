package io.replkit.replica.server;

import io.replkit.rdb.filter.GlobPattern;
import io.replkit.replica.apply.CommandApplier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who listens to what: channel, pattern and shard-channel subscriptions, and the delivery of a
 * published message to each matching subscriber (as {@code message}, {@code pmessage} or
 * {@code smessage}, a RESP3 push or a RESP2 array as each client speaks).
 *
 * <p>Subscriptions change on the subscriber's event loop; {@link #publish} runs on any thread (the
 * applier's, for the master's PUBLISH) and never blocks: each frame is encoded once per protocol and
 * handed to the subscriber's event loop ({@link ClientHandler#push}).
 */
final class PubSub implements CommandApplier.PublishListener {
    /** A channel name or pattern, compared by content. */
    static final class Key {
        final byte[] bytes;
        private final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private record PatternSubscribers(GlobPattern glob, Set<ClientSession> clients) {
    }

    private final Map<Key, Set<ClientSession>> channels = new ConcurrentHashMap<>();
    private final Map<Key, Set<ClientSession>> shardChannels = new ConcurrentHashMap<>();
    private final Map<Key, PatternSubscribers> patterns = new ConcurrentHashMap<>();

    // ------------------------------------------------------------------ subscriptions

    /** Returns false when the client already had it. */
    boolean subscribe(ClientSession c, Key channel, boolean shard) {
        Set<Key> mine = shard ? c.shardChannels : c.channels;
        if (!mine.add(channel)) {
            return false;
        }
        (shard ? shardChannels : channels).compute(channel, (k, set) -> {
            Set<ClientSession> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(c);
            return s;
        });
        c.countSubscriptions();
        return true;
    }

    boolean unsubscribe(ClientSession c, Key channel, boolean shard) {
        Set<Key> mine = shard ? c.shardChannels : c.channels;
        if (!mine.remove(channel)) {
            return false;
        }
        (shard ? shardChannels : channels).computeIfPresent(channel, (k, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
        c.countSubscriptions();
        return true;
    }

    boolean psubscribe(ClientSession c, Key pattern) {
        if (!c.patterns.add(pattern)) {
            return false;
        }
        patterns.compute(pattern, (k, p) -> {
            PatternSubscribers s = p == null
                    ? new PatternSubscribers(new GlobPattern(k.bytes), ConcurrentHashMap.newKeySet()) : p;
            s.clients().add(c);
            return s;
        });
        c.countSubscriptions();
        return true;
    }

    boolean punsubscribe(ClientSession c, Key pattern) {
        if (!c.patterns.remove(pattern)) {
            return false;
        }
        patterns.computeIfPresent(pattern, (k, p) -> {
            p.clients().remove(c);
            return p.clients().isEmpty() ? null : p;
        });
        c.countSubscriptions();
        return true;
    }

    /** Drops every subscription of a client (RESET, or the connection closed). */
    void forget(ClientSession c) {
        for (Key k : c.channels.toArray(new Key[0])) {
            unsubscribe(c, k, false);
        }
        for (Key k : c.shardChannels.toArray(new Key[0])) {
            unsubscribe(c, k, true);
        }
        for (Key k : c.patterns.toArray(new Key[0])) {
            punsubscribe(c, k);
        }
    }

    // ------------------------------------------------------------------ what PUBSUB and INFO report

    Set<Key> channelNames(boolean shard) {
        return (shard ? shardChannels : channels).keySet();
    }

    int subscribers(Key channel, boolean shard) {
        Set<ClientSession> s = (shard ? shardChannels : channels).get(channel);
        return s == null ? 0 : s.size();
    }

    int patternCount() {
        return patterns.size();
    }

    // ------------------------------------------------------------------ delivery

    /** The master's PUBLISH / SPUBLISH, applied from the replication stream. */
    @Override
    public void publish(byte[] channel, byte[] message, boolean sharded) {
        deliver(channel, message, sharded);
    }

    /** Sends {@code message} to every subscriber of {@code channel}; returns how many got it. */
    int deliver(byte[] channel, byte[] message, boolean shard) {
        int receivers = 0;
        Set<ClientSession> direct = (shard ? shardChannels : channels).get(new Key(channel));
        if (direct != null) {
            byte[][] frames = new byte[2][];
            String kind = shard ? "smessage" : "message";
            for (ClientSession c : direct) {
                int v = c.resp == 3 ? 1 : 0;
                if (frames[v] == null) {
                    frames[v] = frame(v == 1, kind, null, channel, message);
                }
                c.connection.push(frames[v]);
                receivers++;
            }
        }
        if (!shard && !patterns.isEmpty()) {
            for (Map.Entry<Key, PatternSubscribers> e : patterns.entrySet()) {
                PatternSubscribers p = e.getValue();
                if (!p.glob().matches(channel)) {
                    continue;
                }
                byte[][] frames = new byte[2][];
                for (ClientSession c : p.clients()) {
                    int v = c.resp == 3 ? 1 : 0;
                    if (frames[v] == null) {
                        frames[v] = frame(v == 1, "pmessage", e.getKey().bytes, channel, message);
                    }
                    c.connection.push(frames[v]);
                    receivers++;
                }
            }
        }
        return receivers;
    }

    /** {@code >3 message channel payload} (RESP3) or {@code *3 ...} (RESP2); four parts with a pattern. */
    static byte[] frame(boolean resp3, String kind, byte[] pattern, byte[] channel, byte[] message) {
        int parts = pattern == null ? 3 : 4;
        StringBuilder head = new StringBuilder();
        head.append(resp3 ? '>' : '*').append(parts).append("\r\n$").append(kind.length()).append("\r\n")
                .append(kind).append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
        int size = h.length + (pattern == null ? 0 : bulkSize(pattern)) + bulkSize(channel) + bulkSize(message);
        byte[] out = new byte[size];
        System.arraycopy(h, 0, out, 0, h.length);
        int at = h.length;
        if (pattern != null) {
            at = putBulk(out, at, pattern);
        }
        at = putBulk(out, at, channel);
        putBulk(out, at, message);
        return out;
    }

    private static int bulkSize(byte[] b) {
        return 1 + Integer.toString(b.length).length() + 2 + b.length + 2;
    }

    private static int putBulk(byte[] out, int at, byte[] b) {
        out[at++] = '$';
        byte[] len = Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(len, 0, out, at, len.length);
        at += len.length;
        out[at++] = '\r';
        out[at++] = '\n';
        System.arraycopy(b, 0, out, at, b.length);
        at += b.length;
        out[at++] = '\r';
        out[at++] = '\n';
        return at;
    }
}
