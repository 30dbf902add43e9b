package io.replkit.rdb.value;

/** A stream entry id {@code ms-seq}; both parts are unsigned 64-bit. */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {
    public static final StreamId ZERO = new StreamId(0, 0);

    @Override
    public int compareTo(StreamId o) {
        int c = Long.compareUnsigned(ms, o.ms);
        return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    /** Decodes the 16-byte big-endian form used in rax keys and PELs ({@code streamDecodeID}). */
    public static StreamId decode(byte[] b, int off) {
        long ms = 0, seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (b[off + i] & 0xFFL);
            seq = (seq << 8) | (b[off + 8 + i] & 0xFFL);
        }
        return new StreamId(ms, seq);
    }
}
