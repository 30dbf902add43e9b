package io.replkit.cli.rdbfile;

import io.replkit.cli.UsageException;
import io.replkit.rdb.write.RdbTarget;
import picocli.CommandLine.Option;

/** Which RDB format to write: a version, or the format a Redis or Valkey release writes. */
public final class TargetOptions {

    @Option(names = "--target-version", paramLabel = "N", description = "Write RDB version N (6 to 12).")
    Integer version;

    @Option(names = "--target-redis", paramLabel = "V", description = "Write what Redis V writes: 6.2, 7.0, 7.2, 7.4, 8.0 (or 2.6 to 6.0).")
    String redis;

    @Option(names = "--target-valkey", paramLabel = "V", description = "Write what Valkey V writes: 7.2, 8.0, 8.1.")
    String valkey;

    /**
     * The chosen target; without one (null options), the given input version.
     *
     * @param inputVersion the version of the input the output defaults to
     * @param inputValkey  whether that input has Valkey's own header (RDB 80+), which is not written
     */
    static RdbTarget resolve(TargetOptions options, int inputVersion, boolean inputValkey) {
        try {
            if (options != null && options.version != null) {
                return RdbTarget.version(options.version);
            }
            if (options != null && options.redis != null) {
                return RdbTarget.redis(options.redis);
            }
            if (options != null && options.valkey != null) {
                return RdbTarget.valkey(options.valkey);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (inputValkey || inputVersion > RdbTarget.MAX_VERSION || inputVersion < RdbTarget.MIN_VERSION) {
            throw new UsageException("the input's RDB version " + inputVersion + (inputValkey ? " (Valkey)" : "")
                + " cannot be written; choose one with --target-version, --target-redis or --target-valkey");
        }
        return RdbTarget.version(inputVersion);
    }

    /** The explicitly chosen target, or null; a bad choice is a usage error before any file is opened. */
    static RdbTarget explicit(TargetOptions options) {
        if (options == null || (options.version == null && options.redis == null && options.valkey == null)) {
            return null;
        }
        return resolve(options, 0, false);
    }

    /** The redis-ver aux field a server writing this target would put in the file. */
    static String redisVersion(RdbTarget t) {
        if (t.name().startsWith("redis ")) {
            return t.name().substring(6) + ".0";
        }
        if (t.name().startsWith("valkey ")) {
            return "7.2.4"; // every Valkey release reports this as its Redis compatibility version
        }
        return switch (t.rdbVersion()) {
            case 6 -> "3.0.0";
            case 7 -> "3.2.0";
            case 8 -> "4.0.0";
            case 9 -> "6.2.0";
            case 10 -> "7.0.0";
            case 11 -> "7.2.0";
            default -> "7.4.0";
        };
    }
}
