package io.replkit.cli.output;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
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
    private byte[] scratch = new byte[8192];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    public void write(JsonGenerator g, byte[] b) throws IOException {
        write(g, b, 0, b.length);
    }

    public void write(JsonGenerator g, byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int i = off;
        // Fast scan: stops at a byte JSON must escape, or at a non-ASCII byte (negative as a Java byte).
        while (i < end) {
            byte c = b[i];
            if (c < 0x20 || c == '"' || c == '\\') {
                break;
            }
            i++;
        }
        if (i == end) {
            g.writeRawUTF8String(b, off, len);
            return;
        }
        if (isAscii(b, i, end - i)) {
            writeEscapedAscii(g, b, off, i, end);
            return;
        }
        String s = decodeUtf8(b, off, len);
        if (s != null) {
            g.writeString(s);
        } else {
            g.writeStartObject();
            g.writeFieldName("hex");
            g.writeString(hex(b, off, len));
            g.writeEndObject();
        }
    }

    /**
     * ASCII with characters to escape: escaped into a reused buffer and handed to jackson as-is.
     * (jackson's own {@code writeUTF8String} reserves room for the worst case per ~1 KB segment
     * and flushes its buffer almost every segment.)
     */
    private void writeEscapedAscii(JsonGenerator g, byte[] b, int off, int firstEscape, int end) throws IOException {
        int need = (firstEscape - off) + (end - firstEscape) * 6;
        if (scratch.length < need) {
            scratch = new byte[Math.max(need, scratch.length * 2)];
        }
        byte[] out = scratch;
        int n = firstEscape - off;
        System.arraycopy(b, off, out, 0, n);
        for (int i = firstEscape; i < end; i++) {
            byte c = b[i];
            if (c >= 0x20 && c != '"' && c != '\\') {
                out[n++] = c;
                continue;
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
        }
        g.writeRawUTF8String(out, 0, n);
    }

    private static boolean isAscii(byte[] b, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
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
