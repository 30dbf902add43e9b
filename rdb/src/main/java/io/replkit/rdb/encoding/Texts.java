package io.replkit.rdb.encoding;

/** Renders bytes for error messages. */
final class Texts {
    /** Longest preview of a value put into a message. */
    static final int PREVIEW = 32;

    private Texts() {
    }

    /** A byte as two upper-case hex digits. */
    static String hex(int v) {
        String s = Integer.toHexString(v & 0xFF).toUpperCase();
        return s.length() == 1 ? "0" + s : s;
    }

    /** {@code "text"} with non-printable bytes as \xNN, cut to 32 bytes with "..." after. */
    static String quote(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(Math.min(len, PREVIEW) + 8).append('"');
        int n = Math.min(len, PREVIEW);
        for (int i = 0; i < n; i++) {
            int c = b[off + i] & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append("\\x").append(hex(c));
            }
        }
        sb.append('"');
        if (len > n) {
            sb.append("...");
        }
        return sb.toString();
    }
}
