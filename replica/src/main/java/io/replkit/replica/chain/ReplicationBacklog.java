package io.replkit.replica.chain;

import io.netty.buffer.ByteBuf;

/**
 * Redis's {@code repl_backlog}: the last {@code size} bytes of the master's stream in a ring, with
 * the replication ids and offsets a downstream replica's {@code PSYNC} is checked against
 * ({@code masterTryPartialResynchronization}).
 *
 * <p>Offsets follow {@code replication.c}: {@link #offset()} is {@code master_repl_offset}, the
 * offset of the last byte held; a replica that processed up to offset R asks {@code PSYNC <id> R+1},
 * the offset of the first byte it needs. Not thread-safe: its owner ({@link Relay}) locks.
 */
public final class ReplicationBacklog {
    /** Redis's {@code repl-backlog-size} default: 1 MB. */
    public static final long DEFAULT_SIZE = 1024 * 1024;
    /** The largest ring this backlog keeps (one Java array). */
    public static final long MAX_SIZE = Integer.MAX_VALUE - 16;
    public static final String NO_REPLID = "0000000000000000000000000000000000000000";

    private final int size;
    private byte[] ring;
    /** Where the next byte goes in the ring. */
    private int idx;
    private long histlen;
    private long offset;
    private String replid;
    private String replid2 = NO_REPLID;
    private long secondReplidOffset = -1;

    public ReplicationBacklog(long size) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("backlog size " + size + " is outside 1 to " + MAX_SIZE + " bytes");
        }
        this.size = (int) size;
    }

    public int size() {
        return size;
    }

    /** Whether the backlog belongs to a stream (after the first sync): {@code repl_backlog_active}. */
    public boolean active() {
        return replid != null;
    }

    /** The master's replication id the held bytes belong to, or null before the first sync. */
    public String replid() {
        return replid;
    }

    public String replid2() {
        return replid2;
    }

    /** Up to which offset {@link #replid2()} is valid for a PSYNC, or -1. */
    public long secondReplidOffset() {
        return secondReplidOffset;
    }

    /** {@code master_repl_offset}: the offset of the last byte appended. */
    public long offset() {
        return offset;
    }

    /** How many bytes are held ({@code repl_backlog_histlen}). */
    public long histlen() {
        return histlen;
    }

    /** The offset of the first byte held ({@code repl_backlog_first_byte_offset}). */
    public long firstByteOffset() {
        return offset - histlen + 1;
    }

    /** A new history: after a full resync, the stream of {@code replid} continues after {@code offset}. */
    public void reset(String replid, long offset) {
        if (ring == null) {
            ring = new byte[size];
        }
        this.replid = replid;
        this.offset = offset;
        this.histlen = 0;
        this.idx = 0;
        this.replid2 = NO_REPLID;
        this.secondReplidOffset = -1;
    }

    /**
     * The master changed its id (failover) and the stream goes on: the old id stays valid up to the
     * current offset, like Redis's {@code shiftReplicationId}, so downstream replicas can continue.
     */
    public void shiftReplicationId(String newReplid) {
        replid2 = replid;
        secondReplidOffset = offset + 1;
        replid = newReplid;
    }

    /** Appends the stream's next bytes (the buffer's readable bytes; its indices are not moved). */
    public void append(ByteBuf bytes) {
        int len = bytes.readableBytes();
        int from = bytes.readerIndex();
        offset += len;
        histlen = Math.min(size, histlen + len);
        if (len >= size) {
            // only the tail fits
            bytes.getBytes(from + len - size, ring, 0, size);
            idx = 0;
            return;
        }
        int first = Math.min(len, size - idx);
        bytes.getBytes(from, ring, idx, first);
        if (first < len) {
            bytes.getBytes(from + first, ring, 0, len - first);
        }
        idx = (idx + len) % size;
    }

    /**
     * Whether a replica asking {@code PSYNC replid psyncOffset} can continue from here: the id is
     * the current one, or the previous one up to the offset where it was replaced, and the bytes
     * from {@code psyncOffset} on are all held.
     */
    public boolean canContinue(String askedReplid, long psyncOffset) {
        if (replid == null) {
            return false;
        }
        boolean idOk = askedReplid.equalsIgnoreCase(replid)
                || (askedReplid.equalsIgnoreCase(replid2) && psyncOffset <= secondReplidOffset);
        return idOk && holds(psyncOffset);
    }

    /** Whether every byte from {@code psyncOffset} to the end is held (true for offset()+1: nothing to send). */
    public boolean holds(long psyncOffset) {
        return replid != null && psyncOffset >= firstByteOffset() && psyncOffset <= offset + 1;
    }

    /** Writes the held bytes from {@code psyncOffset} to the end into {@code out}; requires {@link #holds}. */
    public void copyFrom(long psyncOffset, ByteBuf out) {
        if (!holds(psyncOffset)) {
            throw new IllegalArgumentException("offset " + psyncOffset + " is not held: the backlog holds "
                    + firstByteOffset() + " to " + offset);
        }
        int len = (int) (offset - psyncOffset + 1);
        int start = Math.floorMod(idx - len, size);
        int first = Math.min(len, size - start);
        out.writeBytes(ring, start, first);
        if (first < len) {
            out.writeBytes(ring, 0, len - first);
        }
    }
}
