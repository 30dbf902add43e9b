package io.replkit.cli.replay;

import io.replkit.protocol.client.RedisConnection;
import io.replkit.protocol.repl.ReplicationInfo;
import io.replkit.protocol.resp.RespValue;
import io.replkit.rdb.write.RdbTarget;
import java.io.IOException;
import java.util.List;

/**
 * What replay needs to know of the target: its release (from {@code INFO server}), hence the RDB
 * version its {@code RESTORE} accepts, and the largest request argument it takes
 * ({@code proto-max-bulk-len}, 512 MB unless {@code CONFIG GET} says otherwise or is refused).
 *
 * @param product    {@code redis} or {@code valkey}
 * @param major      release numbers from {@code redis_version} (or {@code valkey_version})
 * @param rdb        the format its DUMP payloads use
 */
record TargetServer(String product, int major, int minor, RdbTarget rdb, long protoMaxBulkLen) {
    static final long DEFAULT_PROTO_MAX_BULK_LEN = 512L << 20;

    static TargetServer probe(RedisConnection c, Integer rdbVersionOverride) throws IOException {
        RespValue info = c.call("INFO", "server");
        if (info.isError()) {
            throw new IOException(c.address() + " refused INFO server: " + info.asString());
        }
        ReplicationInfo fields = ReplicationInfo.parse(info.asString());
        String valkey = fields.get("valkey_version");
        String product = valkey != null ? "valkey" : "redis";
        String version = valkey != null ? valkey : fields.get("redis_version");
        if (version == null) {
            throw new IOException(c.address() + " did not say its version (no redis_version in INFO server)");
        }
        String[] parts = version.strip().split("\\.");
        int major;
        int minor;
        try {
            major = Integer.parseInt(parts[0]);
            minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            throw new IOException(c.address() + " reports an unreadable version '" + version + "'");
        }
        RdbTarget rdb = rdbVersionOverride != null ? RdbTarget.version(rdbVersionOverride) : rdbTarget(product, major, minor);
        long bulk = DEFAULT_PROTO_MAX_BULK_LEN;
        RespValue cfg = c.call("CONFIG", "GET", "proto-max-bulk-len");
        if (!cfg.isError()) {
            List<RespValue> kv = cfg.asList();
            if (kv.size() == 2) {
                try {
                    bulk = Long.parseLong(kv.get(1).asString());
                } catch (NumberFormatException ignored) {
                    // keep the default
                }
            }
        }
        return new TargetServer(product, major, minor, rdb, bulk);
    }

    /** The newest format of the release, or of the newest known release before it. */
    static RdbTarget rdbTarget(String product, int major, int minor) {
        if (product.equals("valkey")) {
            return RdbTarget.valkey(major >= 8 ? "8.0" : "7.2");
        }
        String[] known = {"8.0", "7.4", "7.2", "7.0", "6.2", "6.0", "5.0", "4.0", "3.2", "3.0", "2.8", "2.6"};
        for (String k : known) {
            String[] p = k.split("\\.");
            int kMajor = Integer.parseInt(p[0]);
            int kMinor = Integer.parseInt(p[1]);
            if (major > kMajor || (major == kMajor && minor >= kMinor)) {
                return RdbTarget.redis(k);
            }
        }
        return RdbTarget.redis("2.6");
    }

    boolean atLeast(int maj, int min) {
        return major > maj || (major == maj && minor >= min);
    }

    /** RESTORE ... ABSTTL, IDLETIME, FREQ (since 5.0). */
    boolean hasAbsTtl() {
        return atLeast(5, 0);
    }

    /** FUNCTION LOAD (since 7.0). */
    boolean hasFunctions() {
        return atLeast(7, 0);
    }

    @Override
    public String toString() {
        return product + " " + major + "." + minor + ", " + rdb;
    }
}
