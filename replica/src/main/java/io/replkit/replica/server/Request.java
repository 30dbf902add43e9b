package io.replkit.replica.server;

import io.replkit.replica.data.Dataset;
import io.replkit.replica.data.Db;
import java.nio.charset.StandardCharsets;

/**
 * One command being executed: its arguments, the client, the dataset (read under the lock the
 * dispatcher holds), the command's clock, and where the reply goes. Argument parsers throw
 * {@link ReplyError} with Redis's message, so commands read straight through.
 */
public final class Request {
    final ServerContext server;
    final ClientSession client;
    final Reply reply;
    byte[][] args;
    Dataset dataset;
    /** Set while EXEC runs queued commands: the view they all read, under one read lock. */
    ServedDataset.View pinned;
    long now;

    Request(ServerContext server, ClientSession client, Reply reply) {
        this.server = server;
        this.client = client;
        this.reply = reply;
        reply.doublesLike(server.replication);
    }

    public int argc() {
        return args.length;
    }

    public byte[] arg(int i) {
        return args[i];
    }

    /** The argument as one char per byte (for error messages and keywords). */
    public String argString(int i) {
        return new String(args[i], StandardCharsets.ISO_8859_1);
    }

    /** Whether argument {@code i} is {@code keyword}, ignoring ASCII case. */
    public boolean argIs(int i, String keyword) {
        byte[] a = args[i];
        if (a.length != keyword.length()) {
            return false;
        }
        for (int j = 0; j < a.length; j++) {
            int c = a[j];
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            int k = keyword.charAt(j);
            if (k >= 'a' && k <= 'z') {
                k -= 32;
            }
            if (c != k) {
                return false;
            }
        }
        return true;
    }

    /** {@code getLongLongFromObjectOrReply}: a strict 64-bit integer or "value is not an integer". */
    public long argLong(int i) {
        return RedisNumbers.parseLong(args[i], ReplyError.NOT_INTEGER);
    }

    public long argLong(int i, String error) {
        return RedisNumbers.parseLong(args[i], error);
    }

    public double argDouble(int i) {
        return RedisNumbers.parseDouble(args[i], ReplyError.NOT_FLOAT);
    }

    public Reply reply() {
        return reply;
    }

    public Db db() {
        return dataset.db(client.db);
    }

    public long now() {
        return now;
    }

    /** The value under {@code key}, or null when absent or past its expiry (never deleted here). */
    public Object lookup(byte[] key) {
        return lookup(db(), key);
    }

    public Object lookup(Db db, byte[] key) {
        Object v = db.get(key);
        if (v == null || (db.expiresCount() > 0 && db.isLogicallyExpired(key, now))) {
            server.keyspaceMisses.incrementAndGet();
            return null;
        }
        server.keyspaceHits.incrementAndGet();
        return v;
    }

    /** The value under {@code key} when it is a {@code type}, null when missing; WRONGTYPE otherwise. */
    public <T> T lookup(byte[] key, Class<T> type) {
        Object v = lookup(key);
        if (v == null) {
            return null;
        }
        if (!type.isInstance(v)) {
            throw ReplyError.wrongType();
        }
        return type.cast(v);
    }

    /** A string value's bytes, null when missing; WRONGTYPE for other types. */
    public byte[] lookupString(byte[] key) {
        Object v = lookup(key);
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return b;
        }
        if (v instanceof Long) {
            return io.replkit.replica.data.Strings.bytes(v);
        }
        throw ReplyError.wrongType();
    }
}
