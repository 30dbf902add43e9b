package io.replkit.replica.data;

/** Byte-level tests on command arguments, shared by the applier and the server's command parsers. */
public final class ArgBytes {
    private ArgBytes() {
    }

    /** Whether {@code arg} is {@code keyword} (given in upper case), ignoring the case of ASCII letters. */
    public static boolean is(byte[] arg, String keyword) {
        if (arg.length != keyword.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int c = arg[i];
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            if (c != keyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The first index of {@code x} in {@code b} at or after {@code from}, or -1. */
    public static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }
}
