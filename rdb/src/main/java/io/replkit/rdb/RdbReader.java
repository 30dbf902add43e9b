package io.replkit.rdb;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A pull reader over an RDB file or stream ({@code rdbLoadRioWithLoadingCtx}): each
 * {@link #next()} returns the next {@link RdbRecord} in file order, {@link RdbEnd} last, then null.
 *
 * <p>Key values are read lazily through the returned {@link KeyEntry}; a value the caller did not
 * read is skipped when {@code next()} is called again. The trailing CRC64 is verified as the file is
 * read; any malformed input raises an {@link RdbFormatException} naming the byte offset.
 *
 * <pre>{@code
 * try (RdbReader r = RdbReader.open(Path.of("dump.rdb"))) {
 *     for (RdbRecord rec; (rec = r.next()) != null; ) {
 *         if (rec instanceof KeyEntry k) System.out.println(k.describe() + " = " + k.value());
 *     }
 * }
 * }</pre>
 */
public final class RdbReader implements Closeable {
    private static final int MAGIC_LENGTH = 9;

    private final RdbInput in;
    private final InputStream source;
    private final ValueDecoder values;

    private RdbHeader header;
    private boolean done;
    private int db;
    private KeyEntry current;
    /** Per-key attributes from EXPIRETIME*, IDLE and FREQ, consumed by the next key. */
    private long pendingExpire = KeyEntry.NONE;
    private long pendingIdle = KeyEntry.NONE;
    private int pendingFreq = -1;

    /** Reads a stream whose length is unknown (stdin, a socket). */
    public RdbReader(InputStream source) {
        this(source, -1, RdbLimits.DEFAULT);
    }

    /**
     * @param knownSize the total input size when known, so that any length beyond it is rejected
     *                  before allocating; -1 when unknown
     */
    public RdbReader(InputStream source, long knownSize, RdbLimits limits) {
        this.source = source;
        this.in = new RdbInput(source, knownSize, limits);
        this.values = new ValueDecoder(in);
    }

    public static RdbReader open(Path file) throws IOException {
        return open(file, RdbLimits.DEFAULT);
    }

    public static RdbReader open(Path file, RdbLimits limits) throws IOException {
        long size = Files.size(file);
        return new RdbReader(Files.newInputStream(file), size, limits);
    }

    /** The header, once the first record was read. */
    public RdbHeader header() {
        return header;
    }

    /** Absolute offset of the next unread byte. */
    public long offset() {
        return in.offset();
    }

    /** The database selected by the last SELECTDB (0 before any). */
    public int currentDb() {
        return db;
    }

    /**
     * Bytes the reader buffered beyond the end of the RDB data (after {@link RdbEnd}): a caller
     * that reads a replication stream continues with these.
     */
    public byte[] unconsumedBuffered() {
        return in.unconsumedBuffered();
    }

    /** The next record, or null after {@link RdbEnd}. */
    public RdbRecord next() throws IOException {
        if (current != null) {
            KeyEntry k = current;
            if (!k.isConsumed()) {
                k.skip();
            }
            current = null;
        }
        if (done) {
            return null;
        }
        if (header == null) {
            return readHeader();
        }
        while (true) {
            long at = in.offset();
            int code = in.readUnsignedByte("record type");
            RdbOpcode op = RdbOpcode.of(code);
            if (op == null) {
                return readKey(code, at);
            }
            try {
                switch (op) {
                    case EXPIRETIME -> pendingExpire = in.readInt32LE("EXPIRETIME seconds") * 1000L;
                    case EXPIRETIME_MS -> pendingExpire = in.readInt64LE("EXPIRETIME_MS");
                    case IDLE -> pendingIdle = in.readLength("IDLE seconds");
                    case FREQ -> pendingFreq = in.readUnsignedByte("FREQ counter");
                    case SELECTDB -> {
                        long id = in.readLength("database id");
                        if (id < 0 || id > Integer.MAX_VALUE) {
                            throw new RdbFormatException("database id " + Long.toUnsignedString(id) + " is out of range", at + 1);
                        }
                        db = (int) id;
                        return new SelectDb(db, at);
                    }
                    case RESIZEDB -> {
                        long size = in.readLength("RESIZEDB db size");
                        long expires = in.readLength("RESIZEDB expires size");
                        return new ResizeDb(size, expires, at);
                    }
                    case AUX -> {
                        byte[] name = in.readString("AUX field name");
                        byte[] value = in.readString("AUX field value");
                        return new AuxField(new String(name, StandardCharsets.UTF_8), value, at);
                    }
                    case MODULE_AUX -> {
                        return readModuleAux(at);
                    }
                    case FUNCTION2 -> {
                        return new FunctionLibrary(in.readString("function library code"), at);
                    }
                    case FUNCTION_PRE_GA -> throw new RdbFormatException(
                        "function library in the Redis 7.0 release-candidate format (opcode 246) is not supported", at);
                    case SLOT_INFO -> {
                        long slot = in.readLength("SLOT_INFO slot");
                        long size = in.readLength("SLOT_INFO slot size");
                        long expires = in.readLength("SLOT_INFO expires size");
                        if (slot < 0 || slot > 16383) {
                            throw new RdbFormatException("SLOT_INFO slot " + slot + " is outside 0..16383", at + 1);
                        }
                        return new SlotInfo((int) slot, size, expires, at);
                    }
                    case EOF -> {
                        return readEnd(at);
                    }
                    default -> throw new IllegalStateException(op.toString());
                }
            } catch (RdbFormatException e) {
                throw e.withContext(op.name() + " record at offset " + at);
            }
        }
    }

    private RdbHeader readHeader() throws IOException {
        byte[] magic = new byte[MAGIC_LENGTH];
        for (int i = 0; i < MAGIC_LENGTH; i++) {
            if (in.atEnd()) {
                throw new RdbFormatException("file is " + i + " bytes long, too short for the 9-byte RDB header", i);
            }
            magic[i] = (byte) in.readUnsignedByte("header");
        }
        String text = new String(magic, StandardCharsets.ISO_8859_1);
        boolean valkey;
        int version;
        if (text.startsWith("REDIS") && digits(text, 5)) {
            valkey = false;
            version = Integer.parseInt(text.substring(5));
        } else if (text.startsWith("VALKEY") && digits(text, 6)) {
            valkey = true;
            version = Integer.parseInt(text.substring(6));
        } else {
            throw new RdbFormatException("not an RDB file: header is \"" + Printable.escape(magic, 9)
                + "\", expected REDIS followed by 4 digits or VALKEY followed by 3", 0);
        }
        if (version < 1 || (valkey && version < RdbHeader.MIN_VALKEY_VERSION)) {
            throw new RdbFormatException("unsupported RDB version " + version + " in header \"" + text + "\"", 5);
        }
        header = new RdbHeader(text, version, valkey, 0);
        return header;
    }

    private static boolean digits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private KeyEntry readKey(int code, long at) throws IOException {
        RdbType type = RdbType.of(code, header.valkey());
        if (type == null) {
            throw new RdbFormatException("unknown value type or opcode " + code + " (0x" + Integer.toHexString(code)
                + ") in an RDB " + header.version() + " file", at);
        }
        byte[] key;
        try {
            key = in.readString("key");
        } catch (RdbFormatException e) {
            throw e.withContext("the key of a " + type.rdbName() + " value at offset " + at);
        }
        KeyEntry entry = new KeyEntry(this, db, key, type, pendingExpire, pendingIdle, pendingFreq, at);
        pendingExpire = KeyEntry.NONE;
        pendingIdle = KeyEntry.NONE;
        pendingFreq = -1;
        current = entry;
        return entry;
    }

    private ModuleAux readModuleAux(long at) throws IOException {
        ModuleTypeId id = new ModuleTypeId(in.readLength("MODULE_AUX module id"));
        long whenOpcode = in.readLength("MODULE_AUX when opcode");
        if (whenOpcode != 2) {
            throw new RdbFormatException("MODULE_AUX of " + id.name() + ": when opcode is " + whenOpcode
                + ", expected 2 (UINT)", in.offset() - 1);
        }
        long when = in.readLength("MODULE_AUX when");
        values.skipModulePayload(id);
        return new ModuleAux(id, when, at);
    }

    private RdbEnd readEnd(long at) throws IOException {
        long computed = in.crc();
        in.disableCrc();
        done = true;
        if (!header.hasChecksum()) {
            return new RdbEnd(RdbEnd.ChecksumStatus.ABSENT, 0, computed, at);
        }
        long stored = in.readInt64LE("CRC64 checksum after EOF");
        if (stored == 0) {
            return new RdbEnd(RdbEnd.ChecksumStatus.DISABLED, 0, computed, at);
        }
        if (stored != computed) {
            throw new RdbFormatException(String.format("checksum mismatch: file says 0x%016x, content gives 0x%016x",
                stored, computed), at + 1);
        }
        return new RdbEnd(RdbEnd.ChecksumStatus.VERIFIED, stored, computed, at);
    }

    /**
     * Decodes one value laid out as in an RDB file, without key or type byte (the body of a DUMP
     * payload), from {@code b[off, off + len)}; every byte must belong to the value. Error offsets
     * are relative to {@code off}.
     *
     * @param context how errors name the value, e.g. {@code "DUMP payload"}
     */
    public static io.replkit.rdb.value.RdbValue readValue(RdbType type, byte[] b, int off, int len, String context)
            throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        RdbReader r = new RdbReader(new java.io.ByteArrayInputStream(b, off, len), len, RdbLimits.DEFAULT);
        KeyEntry e = new KeyEntry(r, 0, new byte[0], type, KeyEntry.NONE, KeyEntry.NONE, -1, 0);
        r.current = e;
        io.replkit.rdb.value.ValueBuilder builder = new io.replkit.rdb.value.ValueBuilder();
        try {
            r.values.decode(e, builder);
            if (r.in.offset() != len) {
                throw new RdbFormatException((len - r.in.offset()) + " bytes follow the " + type.rdbName() + " value",
                    r.in.offset());
            }
        } catch (RdbFormatException ex) {
            throw ex.withContext(context + " (" + type.rdbName() + ")");
        }
        return builder.result();
    }

    // ------------------------------------------------------------------ callbacks from KeyEntry

    void requireCurrent(KeyEntry e) {
        if (e != current) {
            throw new IllegalStateException("the reader has moved past " + e.describe());
        }
    }

    void decodeValue(KeyEntry e, ValueVisitor v) throws IOException {
        try {
            values.decode(e, v);
        } catch (RdbFormatException ex) {
            throw ex.withContext(e.describe());
        }
    }

    void skipValue(KeyEntry e) throws IOException {
        requireCurrent(e);
        try {
            values.skip(e);
        } catch (RdbFormatException ex) {
            throw ex.withContext(e.describe());
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
