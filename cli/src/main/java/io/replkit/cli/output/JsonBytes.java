package io.replkit.cli.output;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The binary-safe JSON rule shared with the fixture manifests: bytes that are valid UTF-8 become a
 * JSON string, anything else {@code {"hex": "<lowercase hex>"}}.
 */
public final class JsonBytes {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private byte[] scratch = new byte[8192];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    public void write(JsonGenerator g, byte[] b) throws IOException {
        write(g, b, 0, b.length);
    }

    public void write(JsonGenerator g, byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int special = firstSpecial(b, off, end);
        if (special == end) {
            g.writeRawUTF8String(b, off, len);
            return;
        }
        if (b[special] >= 0 && writeEscapedAscii(g, b, off, special, end)) {
            return;
        }
        String s = decodeUtf8(b, off, len);
        if (s != null) {
            g.writeString(s);
        } else {
            g.writeStartObject();
            g.writeFieldName("hex");
            writeHex(g, b, off, len);
            g.writeEndObject();
        }
    }

    /**
     * Index of the first byte in {@code [i, end)} that JSON must escape ({@code < 0x20}, {@code "},
     * {@code \}) or that is not ASCII; {@code end} if none. Tests eight bytes per step: this scan
     * touches every byte of every value the JSON output prints.
     */
    static int firstSpecial(byte[] b, int i, int end) {
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONG_LE.get(b, i);
            // Exact as a boolean, and the lowest flagged byte is the first special one: borrows only
            // propagate towards higher bytes, so false flags can only appear above a true one.
            long belowSpaceOrHigh = (w - 0x2020202020202020L) | w;
            long q = w ^ 0x2222222222222222L;
            long bs = w ^ 0x5C5C5C5C5C5C5C5CL;
            long flags = (belowSpaceOrHigh | ((q - ONES) & ~q) | ((bs - ONES) & ~bs)) & HIGHS;
            if (flags != 0) {
                return i + (Long.numberOfTrailingZeros(flags) >>> 3);
            }
        }
        for (; i < end; i++) {
            byte c = b[i];
            if (c < 0x20 || c == '"' || c == '\\') {
                return i;
            }
        }
        return end;
    }

    /**
     * ASCII with characters to escape: clean runs copied, escapes added, into a reused buffer handed
     * to jackson as-is. (jackson's own {@code writeUTF8String} reserves room for the worst case per
     * ~1 KB segment and flushes its buffer almost every segment.) Returns false, having written
     * nothing, when a non-ASCII byte turns up.
     */
    private boolean writeEscapedAscii(JsonGenerator g, byte[] b, int off, int special, int end) throws IOException {
        int need = (special - off) + (end - special) * 6;
        if (scratch.length < need) {
            scratch = new byte[Math.max(need, scratch.length * 2)];
        }
        byte[] out = scratch;
        int n = 0;
        int i = off;
        while (true) {
            int run = special - i;
            System.arraycopy(b, i, out, n, run);
            n += run;
            if (special == end) {
                break;
            }
            byte c = b[special];
            if (c < 0) {
                return false;
            }
            out[n++] = '\\';
            switch (c) {
                case '"' -> out[n++] = '"';
                case '\\' -> out[n++] = '\\';
                case '\n' -> out[n++] = 'n';
                case '\r' -> out[n++] = 'r';
                case '\t' -> out[n++] = 't';
                case '\b' -> out[n++] = 'b';
                case '\f' -> out[n++] = 'f';
                default -> {
                    out[n++] = 'u';
                    out[n++] = '0';
                    out[n++] = '0';
                    out[n++] = (byte) HEX[(c >> 4) & 15];
                    out[n++] = (byte) HEX[c & 15];
                }
            }
            i = special + 1;
            special = firstSpecial(b, i, end);
        }
        g.writeRawUTF8String(out, 0, n);
        return true;
    }

    private void writeHex(JsonGenerator g, byte[] b, int off, int len) throws IOException {
        if (scratch.length < len * 2) {
            scratch = new byte[Math.max(len * 2, scratch.length * 2)];
        }
        byte[] out = scratch;
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xFF;
            out[2 * i] = (byte) HEX[v >>> 4];
            out[2 * i + 1] = (byte) HEX[v & 15];
        }
        g.writeRawUTF8String(out, 0, len * 2);
    }

    private String decodeUtf8(byte[] b, int off, int len) {
        try {
            return utf8.reset().decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    public static String hex(byte[] b, int off, int len) {
        char[] out = new char[len * 2];
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xFF;
            out[2 * i] = HEX[v >>> 4];
            out[2 * i + 1] = HEX[v & 15];
        }
        return new String(out);
    }
}
