package io.replkit.cli.rdbfile.diff;

import io.replkit.cli.options.InputFiles;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbLimits;
import io.replkit.rdb.RdbOpcode;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.filter.KeyFilter;
import io.replkit.rdb.value.RdbValue;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One side of a diff: a sequential pass over its keys through the filter, remembering where each
 * key's record starts (its EXPIRETIME/IDLE/FREQ opcodes included), and — for a file — reading a
 * single key again later from such an offset.
 *
 * <p>A re-read feeds a fresh {@link RdbReader} the file's 9-byte header, a SELECTDB of the key's
 * database and the file from the record on; it stops after that key, so the trailing checksum
 * (checked by the full pass) is never reached.
 */
final class DiffInput implements Closeable {
    private static final RdbLimits REREAD_LIMITS = new RdbLimits(RdbLimits.MAX_ARRAY_LENGTH, 1 << 13);
    private static final int HEADER_LENGTH = 9;

    private final String name;
    private final Path path;
    private final long size;
    private final KeyFilter filter;
    private final RdbReader reader;
    private FileChannel channel;
    private byte[] header;
    private KeyEntry current;
    private long recordStart;
    private long keys;

    private DiffInput(String name, Path path, long size, InputStream in, KeyFilter filter) {
        this.name = name;
        this.path = path;
        this.size = size;
        this.filter = filter;
        this.reader = new RdbReader(in, size, RdbLimits.DEFAULT);
    }

    /** Opens a file, or standard input for "-". */
    static DiffInput open(String file, InputStream stdin, KeyFilter filter) throws IOException {
        if (InputFiles.isStdin(file)) {
            return new DiffInput("(stdin)", null, -1, stdin, filter);
        }
        Path p = InputFiles.requireFile(file);
        return new DiffInput(file, p, Files.size(p), Files.newInputStream(p), filter);
    }

    String name() {
        return name;
    }

    boolean isRereadable() {
        return path != null;
    }

    /** Accepted keys returned so far. */
    long keys() {
        return keys;
    }

    /** The next key the filter accepts (the previous one is skipped if unread), or null at the end. */
    KeyEntry next() throws IOException {
        while (true) {
            if (current != null && !current.isConsumed()) {
                current.skip();
            }
            long start = reader.offset();
            RdbRecord r = reader.next();
            if (r == null) {
                current = null;
                return null;
            }
            if (r instanceof KeyEntry k) {
                current = k;
                if (filter.accepts(k)) {
                    recordStart = start;
                    keys++;
                    return k;
                }
            }
        }
    }

    /** Where the record of the key last returned by {@link #next()} starts. */
    long recordStart() {
        return recordStart;
    }

    /** A key read again from its record offset, with its value materialised unless {@code withValue} is false. */
    record Loaded(KeyEntry entry, RdbValue value) {
    }

    Loaded reread(long recordOffset, int db, boolean withValue) throws IOException {
        if (path == null) {
            throw new IllegalStateException(name + " cannot be read twice");
        }
        if (channel == null) {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            header = new byte[HEADER_LENGTH];
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(header);
            while (bb.hasRemaining() && channel.read(bb, bb.position()) > 0) {
                // read until the header is complete
            }
        }
        byte[] select = selectDb(db);
        channel.position(recordOffset);
        InputStream rest = new FilterInputStream(Channels.newInputStream(channel)) {
            @Override
            public void close() {
                // the channel serves every re-read; closed with this input
            }
        };
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(concat(header, select)), rest);
        long known = HEADER_LENGTH + select.length + (size - recordOffset);
        try (RdbReader r = new RdbReader(in, known, REREAD_LIMITS)) {
            r.next(); // header
            r.next(); // the SELECTDB we added
            RdbRecord rec = r.next();
            if (!(rec instanceof KeyEntry k)) {
                throw new IOException("internal error: no key at offset " + recordOffset + " of " + name + " (found " + rec + ")");
            }
            return new Loaded(k, withValue ? k.value() : null);
        }
    }

    /** SELECTDB opcode with the database as an RDB length. */
    private static byte[] selectDb(int db) {
        int op = RdbOpcode.SELECTDB.code();
        if (db < 64) {
            return new byte[] {(byte) op, (byte) db};
        }
        if (db < 16384) {
            return new byte[] {(byte) op, (byte) (0x40 | (db >>> 8)), (byte) db};
        }
        return new byte[] {(byte) op, (byte) 0x80, (byte) (db >>> 24), (byte) (db >>> 16), (byte) (db >>> 8), (byte) db};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }
}
