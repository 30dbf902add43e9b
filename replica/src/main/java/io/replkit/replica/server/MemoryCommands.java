package io.replkit.replica.server;

import io.replkit.rdb.memory.MemoryEstimator;
import io.replkit.replica.data.ModuleObject;
import io.replkit.replica.load.DumpPayload;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * MEMORY USAGE and MEMORY HELP. The figure is an estimate: the value is written as Redis 7.0
 * would DUMP it and priced by the rdb module's {@link MemoryEstimator} in its MEMORY USAGE mode,
 * which reproduces {@code MEMORY USAGE key SAMPLES 0} of a Redis built with its bundled jemalloc
 * (exact for strings and small encodings, within about 1% for skiplists). The SAMPLES count is
 * checked like Redis checks it, but every element is counted: Redis's sampling extrapolates from
 * a few elements in its own iteration order, which this replica cannot reproduce.
 */
final class MemoryCommands {
    private MemoryCommands() {
    }

    private static final MemoryEstimator.Options MEMORY_USAGE =
            MemoryEstimator.Options.DEFAULT.withMemoryUsageCompatible(true);

    private static final String[] HELP = {
        "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).",
        "HELP",
        "    Print this help."};

    static void register(CommandTable t) {
        t.container("memory", -2)
                .sub("usage", -3, true, 2, 2, 1, MemoryCommands::usage)
                .sub("help", 2, false, r -> {
                    r.reply.array(HELP.length);
                    for (String line : HELP) {
                        r.reply.simple(line);
                    }
                });
    }

    private static void usage(Request r) {
        for (int j = 3; j < r.argc(); j++) {
            if (r.argIs(j, "SAMPLES") && j + 1 < r.argc()) {
                if (r.argLong(j + 1) < 0) {
                    throw ReplyError.syntax();
                }
                j++;
            } else {
                throw ReplyError.syntax();
            }
        }
        // like Redis, straight from the keyspace: a logically expired key still has a size
        Object v = r.db().get(r.arg(2));
        if (v == null) {
            r.reply.nullBulk();
            return;
        }
        if (v instanceof ModuleObject) {
            throw new ReplyError("ERR MEMORY USAGE of a module value is not supported by this replica");
        }
        r.reply.integer(estimate(r.arg(2), v));
    }

    static long estimate(byte[] key, Object value) {
        byte[] payload = DumpEncoder.dump(value);
        MemoryEstimator estimator = new MemoryEstimator(7, 0, MEMORY_USAGE);
        try {
            return DumpPayload.readEntry(payload, key, e -> estimator.estimate(e).sizeInBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
