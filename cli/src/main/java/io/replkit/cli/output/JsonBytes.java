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
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    public void write(JsonGenerator g, byte[] b) throws IOException {
        write(g, b, 0, b.length);
    }

    public void write(JsonGenerator g, byte[] b, int off, int len) throws IOException {
        if (isAscii(b, off, len)) {
            // jackson writes raw UTF-8 bytes as a string without decoding them again
            g.writeUTF8String(b, off, len);
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
