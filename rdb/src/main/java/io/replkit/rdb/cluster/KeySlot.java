package io.replkit.rdb.cluster;

/**
 * The Redis Cluster hash slot of a key ({@code keyHashSlot} in cluster.c): CRC16-XMODEM of the key
 * modulo 16384, where a hash tag narrows what is hashed. The tag is what lies between the first
 * {@code '{'} and the first {@code '}'} after it; when there is no such {@code '}'}, or nothing
 * between the two, the whole key is hashed.
 */
public final class KeySlot {
    /** Number of hash slots in a Redis Cluster. */
    public static final int SLOTS = 16384;

    private static final char[] TABLE = new char[256];

    static {
        // CRC16-CCITT as XMODEM: polynomial 0x1021, initial value 0, no reflection, no final xor.
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = (char) (crc & 0xFFFF);
        }
    }

    private KeySlot() {
    }

    /** The slot, 0..16383, of a key given as raw bytes. */
    public static int of(byte[] key) {
        return of(key, 0, key.length);
    }

    public static int of(byte[] key, int off, int len) {
        int end = off + len;
        int open = -1;
        for (int i = off; i < end; i++) {
            if (key[i] == '{') {
                open = i;
                break;
            }
        }
        if (open >= 0) {
            for (int i = open + 1; i < end; i++) {
                if (key[i] == '}') {
                    if (i > open + 1) {
                        return crc16(key, open + 1, i - open - 1) & (SLOTS - 1);
                    }
                    break;
                }
            }
        }
        return crc16(key, off, len) & (SLOTS - 1);
    }

    /** CRC16-XMODEM of a byte range. */
    public static int crc16(byte[] b, int off, int len) {
        int crc = 0;
        for (int i = off, end = off + len; i < end; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ b[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }
}
