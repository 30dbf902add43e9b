package io.replkit.protocol.resp;

import java.nio.charset.StandardCharsets;

/** Bytes and text for messages: quoted, control and non-ASCII bytes escaped, long input cut. */
final class Printable {

    private static final int MAX_SHOWN = 64;

    private Printable() {
    }

    /** {@code "abc\r\n"} style; at most 64 bytes shown, then {@code ...(N bytes)}. */
    static String bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    static String bytes(byte[] b, int from, int len) {
        StringBuilder sb = new StringBuilder(Math.min(len, MAX_SHOWN) + 8).append('"');
        int shown = Math.min(len, MAX_SHOWN);
        for (int i = from; i < from + shown; i++) {
            int c = b[i] & 0xff;
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        sb.append('"');
        if (len > shown) {
            sb.append("...(").append(len).append(" bytes)");
        }
        return sb.toString();
    }

    static String text(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
