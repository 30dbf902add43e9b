package io.replkit.protocol.repl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server's {@code INFO replication} section, with the names {@code replication.c} prints:
 * its role, its own offsets and history ({@code master_replid}, {@code master_replid2} valid up to
 * {@code second_repl_offset}, the backlog), the replicas it lists ({@code slaveN:} lines) and, when
 * it is a replica itself, its view of its master's link.
 *
 * @param fields every {@code name:value} line of the section, in order
 */
public record ReplicationInfo(Map<String, String> fields, List<ReplicaLine> replicas) {

    /**
     * One {@code slaveN:ip=...,port=...,state=...,offset=...,lag=...} line: what the master knows of a
     * replica. {@code offset} is the last offset the replica acknowledged, {@code lagSeconds} the
     * seconds since that acknowledgement.
     */
    public record ReplicaLine(int index, String ip, int port, String state, long offset, long lagSeconds) {
        public String address() {
            return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
        }
    }

    public ReplicationInfo {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        replicas = List.copyOf(replicas);
    }

    /**
     * Parses the text INFO answers (any sections; lines of other sections are kept as fields too).
     *
     * @throws IllegalArgumentException for a {@code slaveN} line that is not in the expected form
     */
    public static ReplicationInfo parse(String info) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<ReplicaLine> replicas = new ArrayList<>();
        for (String raw : info.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1);
            fields.put(name, value);
            if (name.startsWith("slave") && isDigits(name, 5)) {
                replicas.add(replicaLine(Integer.parseInt(name.substring(5)), value, line));
            }
        }
        return new ReplicationInfo(fields, replicas);
    }

    private static ReplicaLine replicaLine(int index, String value, String line) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                kv.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        try {
            return new ReplicaLine(index, require(kv, "ip"), Integer.parseInt(require(kv, "port")),
                kv.getOrDefault("state", "unknown"), Long.parseLong(kv.getOrDefault("offset", "-1")),
                Long.parseLong(kv.getOrDefault("lag", "-1")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unexpected replica line '" + line + "': " + e.getMessage(), e);
        }
    }

    private static String require(Map<String, String> kv, String name) {
        String v = kv.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no " + name + "=");
        }
        return v;
    }

    private static boolean isDigits(String s, int from) {
        if (s.length() <= from) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    public String get(String name) {
        return fields.get(name);
    }

    /** A numeric field, or {@code fallback} when absent or not a number. */
    public long getLong(String name, long fallback) {
        String v = fields.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** {@code master} or {@code slave}. */
    public String role() {
        return fields.getOrDefault("role", "unknown");
    }

    public boolean isReplica() {
        return "slave".equals(role());
    }

    /** The offset this server has reached: {@code master_repl_offset} (a replica reports its own too). */
    public long masterReplOffset() {
        return getLong("master_repl_offset", -1);
    }

    public String replid() {
        return fields.get("master_replid");
    }

    /** The previous replication id, valid for offsets up to {@link #secondReplOffset()}; all zeros when none. */
    public String replid2() {
        return fields.get("master_replid2");
    }

    public long secondReplOffset() {
        return getLong("second_repl_offset", -1);
    }

    /** For a replica: how far it has processed its master's stream ({@code slave_repl_offset}), else -1. */
    public long replicaOffset() {
        return getLong("slave_repl_offset", -1);
    }

    /** For a replica: {@code host:port} of its master, else null. */
    public String masterAddress() {
        String h = fields.get("master_host");
        String p = fields.get("master_port");
        return h == null || p == null ? null : (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + p;
    }

    /** For a replica: {@code up} or {@code down}, else null. */
    public String masterLinkStatus() {
        return fields.get("master_link_status");
    }

    /**
     * Whether a replica that stopped at {@code offset} of history {@code id} could continue with a
     * partial resync ({@code masterTryPartialResynchronization}): the id is the current one, or the
     * previous one up to {@code second_repl_offset}, and the backlog still holds offset+1.
     */
    public boolean canContinueFrom(String id, long offset) {
        long psync = offset + 1;
        boolean known = id.equals(replid()) || (id.equals(replid2()) && psync <= secondReplOffset());
        if (!known || getLong("repl_backlog_active", 0) != 1) {
            return false;
        }
        long first = getLong("repl_backlog_first_byte_offset", -1);
        long histlen = getLong("repl_backlog_histlen", -1);
        return first >= 0 && psync >= first && psync <= first + histlen;
    }
}
