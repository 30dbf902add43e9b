package io.replkit.cli.repl;

import java.util.Locale;
import java.util.Map;

/**
 * Which arguments of a replicated command are keys, for {@code --match}. A small table of the
 * commands that can appear in a replication stream; any other command's key is its first
 * argument. Commands without keys ({@code SELECT}, {@code PING}, {@code MULTI}, {@code EXEC},
 * {@code REPLCONF}, {@code FLUSHALL}, {@code FUNCTION}, {@code PUBLISH} ...) match no pattern.
 *
 * <pre>
 * none                first argument of most commands (SET, HSET, PEXPIREAT, XADD ...)
 * all arguments       DEL UNLINK EXISTS TOUCH PFCOUNT PFMERGE SINTERSTORE SUNIONSTORE SDIFFSTORE
 * first two           RENAME RENAMENX COPY RPOPLPUSH LMOVE SMOVE
 * every other one     MSET MSETNX (key value key value ...)
 * destination + N     ZUNIONSTORE ZINTERSTORE ZDIFFSTORE (dest numkeys key ...)
 * N after numkeys     EVAL EVALSHA FCALL (script numkeys key ... arg ...)
 * </pre>
 */
final class CommandKeys {

    private enum Shape { NONE, FIRST, ALL, FIRST_TWO, PAIRS, STORE_NUMKEYS, SCRIPT_NUMKEYS }

    private static final Map<String, Shape> SHAPES = Map.ofEntries(
        Map.entry("SELECT", Shape.NONE), Map.entry("PING", Shape.NONE), Map.entry("MULTI", Shape.NONE),
        Map.entry("EXEC", Shape.NONE), Map.entry("REPLCONF", Shape.NONE), Map.entry("FLUSHALL", Shape.NONE),
        Map.entry("FLUSHDB", Shape.NONE), Map.entry("SWAPDB", Shape.NONE), Map.entry("FUNCTION", Shape.NONE),
        Map.entry("SCRIPT", Shape.NONE), Map.entry("PUBLISH", Shape.NONE), Map.entry("SPUBLISH", Shape.NONE),
        Map.entry("DEL", Shape.ALL), Map.entry("UNLINK", Shape.ALL), Map.entry("EXISTS", Shape.ALL),
        Map.entry("TOUCH", Shape.ALL), Map.entry("PFCOUNT", Shape.ALL), Map.entry("PFMERGE", Shape.ALL),
        Map.entry("SINTERSTORE", Shape.ALL), Map.entry("SUNIONSTORE", Shape.ALL), Map.entry("SDIFFSTORE", Shape.ALL),
        Map.entry("RENAME", Shape.FIRST_TWO), Map.entry("RENAMENX", Shape.FIRST_TWO), Map.entry("COPY", Shape.FIRST_TWO),
        Map.entry("RPOPLPUSH", Shape.FIRST_TWO), Map.entry("LMOVE", Shape.FIRST_TWO), Map.entry("SMOVE", Shape.FIRST_TWO),
        Map.entry("MSET", Shape.PAIRS), Map.entry("MSETNX", Shape.PAIRS),
        Map.entry("ZUNIONSTORE", Shape.STORE_NUMKEYS), Map.entry("ZINTERSTORE", Shape.STORE_NUMKEYS),
        Map.entry("ZDIFFSTORE", Shape.STORE_NUMKEYS),
        Map.entry("EVAL", Shape.SCRIPT_NUMKEYS), Map.entry("EVALSHA", Shape.SCRIPT_NUMKEYS),
        Map.entry("FCALL", Shape.SCRIPT_NUMKEYS));

    /** Receives each key argument; returns true to stop early. */
    @FunctionalInterface
    interface KeyTest {
        boolean test(byte[] key);
    }

    private CommandKeys() {
    }

    /** Whether {@code test} accepts any key of the command {@code args}. */
    static boolean anyKey(byte[][] args, KeyTest test) {
        if (args.length < 2) {
            return false;
        }
        Shape shape = SHAPES.getOrDefault(upper(args[0]), Shape.FIRST);
        switch (shape) {
            case NONE:
                return false;
            case FIRST:
                return test.test(args[1]);
            case ALL:
                return range(args, 1, args.length, 1, test);
            case FIRST_TWO:
                return range(args, 1, Math.min(3, args.length), 1, test);
            case PAIRS:
                return range(args, 1, args.length, 2, test);
            case STORE_NUMKEYS: {
                if (test.test(args[1])) {
                    return true;
                }
                long n = args.length > 2 ? number(args[2]) : 0;
                return range(args, 3, (int) Math.min(args.length, 3 + n), 1, test);
            }
            case SCRIPT_NUMKEYS: {
                long n = args.length > 2 ? number(args[2]) : 0;
                return range(args, 3, (int) Math.min(args.length, 3 + n), 1, test);
            }
            default:
                throw new IllegalStateException(shape.toString());
        }
    }

    private static boolean range(byte[][] args, int from, int to, int step, KeyTest test) {
        for (int i = from; i < to; i += step) {
            if (test.test(args[i])) {
                return true;
            }
        }
        return false;
    }

    private static long number(byte[] b) {
        long v = 0;
        for (byte c : b) {
            if (c < '0' || c > '9' || v > Integer.MAX_VALUE) {
                return 0;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static String upper(byte[] name) {
        return new String(name, java.nio.charset.StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
    }
}
