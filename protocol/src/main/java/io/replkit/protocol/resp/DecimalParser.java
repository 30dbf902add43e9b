package io.replkit.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;

/**
 * Parses the decimal number of a RESP header line ({@code -1}, {@code 42}) in one
 * {@link ByteBuf#forEachByte} pass, so no per-byte virtual call on the buffer. One instance per
 * decoder (it keeps state between bytes).
 */
final class DecimalParser implements ByteProcessor {

    private long value;
    private boolean negative;
    private boolean first;
    private boolean overflow;

    /**
     * Parses {@code in[from, from+len)} (no line end): an optionally negative decimal in long
     * range. Returns false when it is anything else; {@link #value()} holds the number otherwise.
     */
    boolean parse(ByteBuf in, int from, int len) {
        if (len == 0 || len > 20) {
            return false;
        }
        value = 0;
        negative = false;
        first = true;
        overflow = false;
        int stop = in.forEachByte(from, len, this);
        if (stop != -1 || overflow || (negative && len == 1)) {
            return false;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                return false;
            }
            value = -value;
        }
        return true;
    }

    /** The number the last successful {@link #parse} read. */
    long value() {
        return value;
    }

    @Override
    public boolean process(byte b) {
        if (b >= '0' && b <= '9') {
            first = false;
            int d = b - '0';
            // accumulate negatively: Long.MIN_VALUE has no positive counterpart
            if (value < (Long.MIN_VALUE + d) / 10) {
                overflow = true;
                return false;
            }
            value = value * 10 - d;
            return true;
        }
        if (b == '-' && first) {
            first = false;
            negative = true;
            return true;
        }
        return false;
    }

    /** The bytes of a line for an error message, quoted and cut. */
    static String shown(ByteBuf in, int from, int len) {
        byte[] b = new byte[Math.min(len, 80)];
        in.getBytes(from, b);
        String s = Printable.bytes(b);
        // Printable quotes with "; messages quote with '
        s = "'" + s.substring(1, s.length() - 1) + "'";
        return len > b.length ? s + "..." : s;
    }

    static String ascii(ByteBuf in, int from, int len) {
        return in.toString(from, len, StandardCharsets.US_ASCII);
    }
}
