package io.replkit.rdb;

/** Renders binary bytes for messages the way redis-cli quotes them: printable ASCII kept, the rest as \xHH. */
public final class Printable {
    private Printable() {
    }

    public static String escape(byte[] b, int max) {
        StringBuilder sb = new StringBuilder(Math.min(b.length, max) + 8);
        int n = Math.min(b.length, max);
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c >= 0x20 && c < 0x7F) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        if (b.length > max) {
            sb.append("...(").append(b.length).append(" bytes)");
        }
        return sb.toString();
    }
}
