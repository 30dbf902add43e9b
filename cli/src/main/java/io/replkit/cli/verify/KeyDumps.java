package io.replkit.cli.verify;

import io.replkit.protocol.client.RedisConnection;
import io.replkit.protocol.resp.RespValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code PTTL} and {@code DUMP} of a batch of keys, pipelined on one connection: {@link #send}
 * queues and flushes the requests, {@link #read} collects the replies, so two servers can work on
 * the same batch at the same time.
 */
final class KeyDumps {
    private static final byte[] PTTL = "PTTL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DUMP = "DUMP".getBytes(StandardCharsets.US_ASCII);

    /**
     * One key as a server holds it.
     *
     * @param pttl    milliseconds to live, -1 without expiry, -2 when the key does not exist
     * @param payload the DUMP payload, null when the key does not exist
     */
    record Dumped(byte[] key, long pttl, byte[] payload) {
        boolean exists() {
            return payload != null;
        }
    }

    private final RedisConnection connection;

    KeyDumps(RedisConnection connection) {
        this.connection = connection;
    }

    void send(List<byte[]> keys) throws IOException {
        for (byte[] k : keys) {
            connection.send(PTTL, k);
            connection.send(DUMP, k);
        }
        connection.flush();
    }

    Dumped[] read(List<byte[]> keys) throws IOException {
        Dumped[] out = new Dumped[keys.size()];
        for (int i = 0; i < out.length; i++) {
            RespValue ttl = connection.read();
            RespValue dump = connection.read();
            if (ttl.isError() || dump.isError()) {
                throw new IOException(connection.address() + " refused "
                    + (ttl.isError() ? "PTTL: " + ttl.asString() : "DUMP: " + dump.asString()));
            }
            out[i] = new Dumped(keys.get(i), ttl.asLong(), dump.isNull() ? null : dump.asBytes());
        }
        return out;
    }
}
