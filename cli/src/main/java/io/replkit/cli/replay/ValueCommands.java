package io.replkit.cli.replay;

import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.ModuleTypeId;
import io.replkit.rdb.ValueVisitor;
import io.replkit.rdb.encoding.ScoreText;
import io.replkit.rdb.value.StreamId;
import io.replkit.rdb.value.StreamMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one key as ordinary commands, element by element as the reader streams it, so a value
 * of any size is sent in bounded batches: {@code DEL}, then {@code SET} (and {@code APPEND} for a
 * string longer than one request may be), {@code RPUSH}, {@code SADD}, {@code ZADD}, {@code HSET}
 * (+ {@code HPEXPIREAT} for field TTLs), {@code XADD} + {@code XSETID} + {@code XGROUP CREATE} /
 * {@code CREATECONSUMER} + {@code XCLAIM ... FORCE JUSTID} for a stream's groups and pending entries
 * (as Redis's AOF rewrite does), and finally {@code PEXPIREAT}. The target's database must be
 * selected already. Visitor callbacks cannot throw IOException: failures are wrapped in
 * {@link UncheckedIOException} and unwrapped by {@link #write}.
 */
final class ValueCommands implements ValueVisitor {
    private static final byte[] DEL = ascii("DEL");
    private static final byte[] SET = ascii("SET");
    private static final byte[] APPEND = ascii("APPEND");
    private static final byte[] RPUSH = ascii("RPUSH");
    private static final byte[] SADD = ascii("SADD");
    private static final byte[] ZADD = ascii("ZADD");
    private static final byte[] HSET = ascii("HSET");
    private static final byte[] XADD = ascii("XADD");
    private static final byte[] XSETID = ascii("XSETID");
    private static final byte[] XGROUP = ascii("XGROUP");
    private static final byte[] XCLAIM = ascii("XCLAIM");
    private static final byte[] PEXPIREAT = ascii("PEXPIREAT");
    private static final byte[] HPEXPIREAT = ascii("HPEXPIREAT");

    private final TargetWriter target;
    private final int maxBatchElements;
    private final long maxBatchBytes;
    /** Whether the target has Redis 7.0's stream attributes (XSETID ENTRIESADDED, XGROUP ... ENTRIESREAD). */
    private final boolean streamAttributes;

    private KeyEntry entry;
    private byte[] key;
    private final List<byte[]> batch = new ArrayList<>();
    private long batchBytes;
    private byte[] batchCommand;
    private boolean streamHasEntries;
    private final List<byte[][]> fieldExpiries = new ArrayList<>();

    /**
     * @param maxBatchElements elements per command (RPUSH key e1 ... eN)
     * @param maxBatchBytes    bytes of elements per command; a string longer than this is sent in chunks
     */
    ValueCommands(TargetWriter target, int maxBatchElements, long maxBatchBytes, boolean streamAttributes) {
        this.target = target;
        this.maxBatchElements = maxBatchElements;
        this.maxBatchBytes = maxBatchBytes;
        this.streamAttributes = streamAttributes;
    }

    /** Streams the key's value from the reader as commands. */
    void write(KeyEntry k) throws IOException {
        try {
            k.accept(this);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Sends {@code DEL key} alone: the key expired in the source. */
    void delete(KeyEntry k) throws IOException {
        target.send(k.key(), DEL, k.key());
    }

    @Override
    public void begin(KeyEntry e, long sizeHint) {
        entry = e;
        key = e.key();
        batch.clear();
        batchBytes = 0;
        batchCommand = null;
        streamHasEntries = false;
        fieldExpiries.clear();
        send(DEL, key);
    }

    @Override
    public void stringValue(byte[] value) {
        if (value.length <= maxBatchBytes) {
            send(SET, key, value);
            return;
        }
        int chunk = (int) Math.min(Integer.MAX_VALUE - 16, maxBatchBytes);
        send(SET, key, Arrays.copyOfRange(value, 0, chunk));
        for (int off = chunk; off < value.length; off += chunk) {
            send(APPEND, key, Arrays.copyOfRange(value, off, Math.min(value.length, off + chunk)));
        }
    }

    @Override
    public void listElement(byte[] b, int off, int len) {
        add(RPUSH, Arrays.copyOfRange(b, off, off + len));
    }

    @Override
    public void setMember(byte[] b, int off, int len) {
        add(SADD, Arrays.copyOfRange(b, off, off + len));
    }

    @Override
    public void zsetMember(byte[] b, int off, int len, double score) {
        add(ZADD, ScoreText.of(score), Arrays.copyOfRange(b, off, off + len));
    }

    @Override
    public void hashField(byte[] f, int foff, int flen, byte[] v, int voff, int vlen, long expireAtMs) {
        byte[] field = Arrays.copyOfRange(f, foff, foff + flen);
        add(HSET, field, Arrays.copyOfRange(v, voff, voff + vlen));
        if (expireAtMs != NO_EXPIRY) {
            fieldExpiries.add(new byte[][] {HPEXPIREAT, key, number(expireAtMs), ascii("FIELDS"), ascii("1"), field});
        }
    }

    @Override
    public void streamEntry(StreamId id, byte[][] fieldsAndValues) {
        byte[][] args = new byte[3 + fieldsAndValues.length][];
        args[0] = XADD;
        args[1] = key;
        args[2] = ascii(id.toString());
        System.arraycopy(fieldsAndValues, 0, args, 3, fieldsAndValues.length);
        send(args);
        streamHasEntries = true;
    }

    @Override
    public void streamMetadata(StreamMetadata m) {
        if (!streamHasEntries) {
            createEmptyStream(m.lastId());
        }
        List<byte[]> setid = new ArrayList<>(List.of(XSETID, key, ascii(m.lastId().toString())));
        if (streamAttributes && m.entriesAdded() != null && m.maxDeletedId() != null) {
            setid.addAll(List.of(ascii("ENTRIESADDED"), number(m.entriesAdded()),
                ascii("MAXDELETEDID"), ascii(m.maxDeletedId().toString())));
        }
        send(setid.toArray(byte[][]::new));
        for (StreamMetadata.Group g : m.groups()) {
            List<byte[]> create = new ArrayList<>(List.of(XGROUP, ascii("CREATE"), key, g.name(), ascii(g.lastDeliveredId().toString())));
            if (streamAttributes && g.entriesRead() != null && g.entriesRead() >= 0) {
                create.addAll(List.of(ascii("ENTRIESREAD"), number(g.entriesRead())));
            }
            send(create.toArray(byte[][]::new));
            Map<StreamId, StreamMetadata.PendingEntry> pel = new HashMap<>();
            for (StreamMetadata.PendingEntry p : g.pending()) {
                pel.put(p.id(), p);
            }
            for (StreamMetadata.Consumer c : g.consumers()) {
                send(XGROUP, ascii("CREATECONSUMER"), key, g.name(), c.name());
                for (StreamId id : c.pending()) {
                    StreamMetadata.PendingEntry p = pel.get(id);
                    long time = p == null ? 0 : p.deliveryTimeMs();
                    long count = p == null ? 1 : p.deliveryCount();
                    send(XCLAIM, key, g.name(), c.name(), ascii("0"), ascii(id.toString()), ascii("TIME"), number(time),
                        ascii("RETRYCOUNT"), number(count), ascii("FORCE"), ascii("JUSTID"));
                }
            }
        }
    }

    /** A stream without entries: added and trimmed away, or made with a throwaway group when its last id is 0-0. */
    private void createEmptyStream(StreamId lastId) {
        if (lastId.compareTo(StreamId.ZERO) > 0) {
            send(XADD, key, ascii("MAXLEN"), ascii("0"), ascii(lastId.toString()), ascii("x"), ascii("y"));
        } else {
            byte[] tmp = ascii("replkit-replay-tmp");
            send(XGROUP, ascii("CREATE"), key, tmp, ascii("0"), ascii("MKSTREAM"));
            send(XGROUP, ascii("DESTROY"), key, tmp);
        }
    }

    @Override
    public void moduleValue(ModuleTypeId type) {
        try {
            target.refuseLocally(key, "a value of module type " + type.name() + " cannot be written as commands");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void end() {
        flushBatch();
        for (byte[][] expiry : fieldExpiries) {
            send(expiry);
        }
        fieldExpiries.clear();
        if (entry.hasExpiry()) {
            send(PEXPIREAT, key, number(entry.expireAtMs()));
        }
    }

    /** Adds one element (or score and member) to the current batch, sending it when full. */
    private void add(byte[] command, byte[] a) {
        add(command, a, null);
    }

    private void add(byte[] command, byte[] a, byte[] b) {
        if (batchCommand == null) {
            batchCommand = command;
        }
        batch.add(a);
        batchBytes += a.length;
        if (b != null) {
            batch.add(b);
            batchBytes += b.length;
        }
        int elements = b == null ? batch.size() : batch.size() / 2;
        if (elements >= maxBatchElements || batchBytes >= maxBatchBytes) {
            flushBatch();
        }
    }

    private void flushBatch() {
        if (batch.isEmpty()) {
            return;
        }
        byte[][] args = new byte[batch.size() + 2][];
        args[0] = batchCommand;
        args[1] = key;
        for (int i = 0; i < batch.size(); i++) {
            args[i + 2] = batch.get(i);
        }
        batch.clear();
        batchBytes = 0;
        send(args);
    }

    private void send(byte[]... args) {
        try {
            target.send(key, args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] number(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
