package io.replkit.cli.repl;

/**
 * A command as redis-cli prints it ({@code sdscatrepr}): each argument double-quoted, with
 * {@code \\ \" \n \r \t \a \b} escaped and other non-printable bytes as {@code \xHH}, separated by
 * spaces.
 */
final class CommandText {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private CommandText() {
    }

    /** Appends the quoted arguments to {@code out} as ASCII bytes. */
    static void write(byte[][] args, ByteSink out) {
        for (int i = 0; i < args.length; i++) {
            if (i > 0) {
                out.put((byte) ' ');
            }
            quote(args[i], out);
        }
    }

    static void quote(byte[] arg, ByteSink out) {
        out.put((byte) '"');
        for (byte b : arg) {
            switch (b) {
                case '\\' -> out.put2('\\', '\\');
                case '"' -> out.put2('\\', '"');
                case '\n' -> out.put2('\\', 'n');
                case '\r' -> out.put2('\\', 'r');
                case '\t' -> out.put2('\\', 't');
                case 7 -> out.put2('\\', 'a');
                case '\b' -> out.put2('\\', 'b');
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        out.put(b);
                    } else {
                        out.put2('\\', 'x');
                        out.put2(HEX[(b >> 4) & 15], HEX[b & 15]);
                    }
                }
            }
        }
        out.put((byte) '"');
    }

    /** A growable byte buffer, written to the output one line at a time. */
    static final class ByteSink {
        private byte[] buf = new byte[256];
        private int len;

        void put(byte b) {
            if (len == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            buf[len++] = b;
        }

        void put2(int a, int b) {
            put((byte) a);
            put((byte) b);
        }

        void reset() {
            len = 0;
        }

        byte[] array() {
            return buf;
        }

        int length() {
            return len;
        }
    }
}
