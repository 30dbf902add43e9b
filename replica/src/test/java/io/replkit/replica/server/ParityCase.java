package io.replkit.replica.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A read command sent to a real server and to the replica, and how their replies must compare. */
record ParityCase(byte[][] args, Mode mode) {
    enum Mode {
        /** Byte-identical replies. */
        EXACT,
        /** Same elements, any order (hash-table iteration order differs). */
        UNORDERED,
        /** Integers may differ by a little: they count milliseconds since something. */
        TIMING,
        /** Same reply type and element count (random picks). */
        SHAPE
    }

    static ParityCase of(Mode mode, Object... args) {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            b[i] = args[i] instanceof byte[] x ? x : String.valueOf(args[i]).getBytes(StandardCharsets.UTF_8);
        }
        return new ParityCase(b, mode);
    }

    static ParityCase exact(Object... args) {
        return of(Mode.EXACT, args);
    }

    @Override
    public String toString() {
        List<String> s = new ArrayList<>();
        for (byte[] a : args) {
            s.add(new String(a, StandardCharsets.ISO_8859_1));
        }
        return mode + " " + s;
    }
}
