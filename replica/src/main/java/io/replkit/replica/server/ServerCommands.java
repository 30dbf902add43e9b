package io.replkit.replica.server;

import io.replkit.rdb.filter.GlobPattern;
import io.replkit.replica.chain.Downstream;
import io.replkit.replica.chain.Relay;
import io.replkit.replica.data.Db;
import io.replkit.replica.digest.DatasetDigest;
import io.replkit.replica.snapshot.Persistence;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Server commands: INFO ROLE DBSIZE DEBUG DIGEST CONFIG GET COMMAND TIME FUNCTION LIST. */
final class ServerCommands {
    private ServerCommands() {
    }

    static void register(CommandTable t) {
        t.read("info", -1, 0, 0, 0, ServerCommands::info);
        t.plain("role", 1, ServerCommands::role);
        t.read("dbsize", 1, 0, 0, 0, r -> r.reply.integer(r.db().size()));
        t.read("debug", -2, 0, 0, 0, ServerCommands::debug);
        t.plain("time", 1, r -> {
            long us = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
            r.reply.array(2);
            r.reply.bulkLong(us / 1_000_000);
            r.reply.bulkLong(us % 1_000_000);
        });
        PersistenceCommands.register(t);
        t.plain("readonly", 1, r -> r.reply.ok());
        t.plain("readwrite", 1, r -> r.reply.ok());
        t.container("config", -2)
                .sub("get", -3, true, ServerCommands::configGet)
                .sub("resetstat", 2, false, r -> {
                    if (r.server.relay != null) {
                        r.server.relay.resetStats(); // the sync counters, as Redis resets them
                    }
                    r.reply.ok();
                })
                .sub("set", -4, false, r -> {
                    throw new ReplyError("ERR CONFIG SET is not supported by this replica");
                })
                .sub("rewrite", 2, false, r -> {
                    throw new ReplyError("ERR The server is running without a config file");
                });
        t.container("command", -1, ServerCommands::commandAll)
                .sub("count", 2, false, r -> r.reply.integer(r.server.commands.all().size()))
                .sub("list", -2, false, r -> {
                    List<String> names = r.server.commands.names();
                    r.reply.array(names.size());
                    names.forEach(r.reply::bulk);
                })
                .sub("info", -2, false, ServerCommands::commandInfo);
        // COMMAND DOCS is left out on purpose: redis-cli 7 asks for it at start and, on an error,
        // falls back to its built-in help, which gives full hints for every command.
        FunctionList.register(t);
    }

    // ------------------------------------------------------------------ INFO

    private static final List<String> DEFAULT_SECTIONS =
            List.of("server", "clients", "memory", "persistence", "stats", "replication", "keyspace");

    private static void info(Request r) {
        List<String> sections = new ArrayList<>();
        if (r.argc() == 1) {
            sections.addAll(DEFAULT_SECTIONS);
        } else {
            for (int i = 1; i < r.argc(); i++) {
                String s = r.argString(i).toLowerCase(Locale.ROOT);
                if (s.equals("all") || s.equals("everything") || s.equals("default")) {
                    sections.addAll(DEFAULT_SECTIONS);
                } else if (!sections.contains(s)) {
                    sections.add(s);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String s : DEFAULT_SECTIONS) {
            if (!sections.contains(s)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append("\r\n");
            }
            switch (s) {
                case "server" -> server(r, sb);
                case "clients" -> clients(r, sb);
                case "memory" -> memory(sb);
                case "persistence" -> persistence(r, sb);
                case "stats" -> stats(r, sb);
                case "replication" -> replication(r, sb);
                case "keyspace" -> keyspace(r, sb);
                default -> {
                }
            }
        }
        r.reply.verbatim(sb.toString());
    }

    private static void line(StringBuilder sb, String key, Object value) {
        sb.append(key).append(':').append(value).append("\r\n");
    }

    private static void server(Request r, StringBuilder sb) {
        long uptime = (r.now - r.server.startMs) / 1000;
        sb.append("# Server\r\n");
        line(sb, "redis_version", r.server.options.redisVersion());
        line(sb, "redis_git_sha1", "00000000");
        line(sb, "redis_git_dirty", 0);
        line(sb, "redis_build_id", "replkit");
        line(sb, "redis_mode", "standalone");
        line(sb, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        line(sb, "arch_bits", 64);
        line(sb, "multiplexing_api", "netty");
        line(sb, "process_id", ProcessHandle.current().pid());
        line(sb, "run_id", r.server.runId);
        line(sb, "tcp_port", r.server.boundPort);
        line(sb, "server_time_usec", r.now * 1000);
        line(sb, "uptime_in_seconds", uptime);
        line(sb, "uptime_in_days", uptime / 86400);
        line(sb, "executable", "replkit");
        line(sb, "config_file", "");
        line(sb, "replkit_version", "0.1.0");
        line(sb, "java_version", System.getProperty("java.version"));
    }

    private static void clients(Request r, StringBuilder sb) {
        sb.append("# Clients\r\n");
        line(sb, "connected_clients", r.server.clients.size());
        line(sb, "cluster_connections", 0);
        line(sb, "maxclients", r.server.options.maxClients());
        line(sb, "blocked_clients", 0);
        line(sb, "tracking_clients", 0);
    }

    private static void memory(StringBuilder sb) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        sb.append("# Memory\r\n");
        line(sb, "used_memory", used);
        line(sb, "used_memory_human", human(used));
        line(sb, "used_memory_heap_committed", rt.totalMemory());
        line(sb, "used_memory_heap_max", rt.maxMemory());
        line(sb, "maxmemory", 0);
        line(sb, "maxmemory_human", "0B");
        line(sb, "maxmemory_policy", "noeviction");
        line(sb, "mem_allocator", "jvm");
    }

    private static String human(long n) {
        if (n < 1024) {
            return n + "B";
        }
        String[] units = {"K", "M", "G", "T"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f%s", v, units[u]);
    }

    private static void persistence(Request r, StringBuilder sb) {
        sb.append("# Persistence\r\n");
        boolean loading = r.server.replication.link() == ReplicationState.Link.SYNC;
        line(sb, "loading", loading ? 1 : 0);
        line(sb, "async_loading", 0);
        Persistence p = r.server.persistence;
        if (p != null) {
            p.info((k, v) -> line(sb, k, v));
        } else {
            line(sb, "rdb_changes_since_last_save", 0);
            line(sb, "rdb_bgsave_in_progress", 0);
            line(sb, "rdb_last_save_time", r.server.startMs / 1000);
            line(sb, "rdb_last_bgsave_status", "ok");
            line(sb, "rdb_last_bgsave_time_sec", -1);
            line(sb, "rdb_current_bgsave_time_sec", -1);
        }
        line(sb, "aof_enabled", 0);
        line(sb, "aof_rewrite_in_progress", 0);
    }

    private static void stats(Request r, StringBuilder sb) {
        sb.append("# Stats\r\n");
        line(sb, "total_connections_received", r.server.connectionsReceived.get());
        line(sb, "total_commands_processed", r.server.commandsProcessed.get());
        line(sb, "instantaneous_ops_per_sec", 0);
        line(sb, "rejected_connections", r.server.rejectedConnections.get());
        Relay.SyncStats sync = r.server.relay == null ? new Relay.SyncStats(0, 0, 0, 0) : r.server.relay.syncStats();
        line(sb, "sync_full", sync.full());
        line(sb, "sync_partial_ok", sync.partialOk());
        line(sb, "sync_partial_err", sync.partialErr());
        line(sb, "expired_keys", 0);
        line(sb, "evicted_keys", 0);
        line(sb, "keyspace_hits", r.server.keyspaceHits.get());
        line(sb, "keyspace_misses", r.server.keyspaceMisses.get());
        line(sb, "pubsub_channels", r.server.pubsub.channelNames(false).size());
        line(sb, "pubsub_patterns", r.server.pubsub.patternCount());
        line(sb, "pubsubshard_channels", r.server.pubsub.channelNames(true).size());
        line(sb, "unknown_commands_from_master", r.server.replication.unknownCommands());
        line(sb, "sync_captures", sync.captures());
    }

    /** Like a Redis replica's INFO replication. */
    private static void replication(Request r, StringBuilder sb) {
        ReplicationState rs = r.server.replication;
        boolean up = rs.link() == ReplicationState.Link.CONNECTED;
        sb.append("# Replication\r\n");
        line(sb, "role", "slave");
        line(sb, "master_host", rs.masterHost());
        line(sb, "master_port", rs.masterPort());
        line(sb, "master_link_status", up ? "up" : "down");
        line(sb, "master_last_io_seconds_ago", rs.lastIoMs() == 0 ? -1 : (r.now - rs.lastIoMs()) / 1000);
        line(sb, "master_sync_in_progress", rs.link() == ReplicationState.Link.SYNC ? 1 : 0);
        if (rs.link() == ReplicationState.Link.SYNC) {
            line(sb, "master_sync_total_bytes", -1);
            line(sb, "master_sync_read_bytes", rs.syncBytesRead());
            line(sb, "master_sync_left_bytes", -1);
            line(sb, "master_sync_perc", "0.00");
            line(sb, "master_sync_last_io_seconds_ago", (r.now - rs.lastIoMs()) / 1000);
        }
        line(sb, "slave_read_repl_offset", rs.offset());
        line(sb, "slave_repl_offset", rs.offset());
        if (!up) {
            line(sb, "master_link_down_since_seconds", (r.now - rs.linkDownSinceMs()) / 1000);
        }
        line(sb, "slave_priority", 100);
        line(sb, "slave_read_only", 1);
        line(sb, "replica_announced", 1);
        Relay relay = r.server.relay;
        List<Downstream> downstreams = relay == null ? List.of() : relay.downstreams();
        line(sb, "connected_slaves", downstreams.size());
        for (int i = 0; i < downstreams.size(); i++) {
            Downstream d = downstreams.get(i);
            sb.append("slave").append(i).append(":ip=").append(d.ip()).append(",port=").append(d.port())
                    .append(",state=").append(d.state().infoName()).append(",offset=").append(d.ackOffset())
                    .append(",lag=").append((r.now - d.ackTimeMs()) / 1000).append("\r\n");
        }
        line(sb, "master_failover_state", "no-failover");
        Relay.BacklogInfo b = relay == null ? null : relay.backlogInfo();
        if (b != null && b.active()) {
            line(sb, "master_replid", b.replid());
            line(sb, "master_replid2", b.replid2());
            line(sb, "master_repl_offset", b.offset());
            line(sb, "second_repl_offset", b.secondReplidOffset());
            line(sb, "repl_backlog_active", 1);
            line(sb, "repl_backlog_size", b.size());
            line(sb, "repl_backlog_first_byte_offset", b.firstByteOffset());
            line(sb, "repl_backlog_histlen", b.histlen());
        } else {
            line(sb, "master_replid", rs.replId());
            line(sb, "master_replid2", ReplicationState.NO_REPLID);
            line(sb, "master_repl_offset", rs.offset());
            line(sb, "second_repl_offset", -1);
            line(sb, "repl_backlog_active", 0);
            line(sb, "repl_backlog_size", b == null ? 0 : b.size());
            line(sb, "repl_backlog_first_byte_offset", 0);
            line(sb, "repl_backlog_histlen", 0);
        }
    }

    private static void keyspace(Request r, StringBuilder sb) {
        sb.append("# Keyspace\r\n");
        for (int i = 0; i < r.dataset.databases(); i++) {
            Db d = r.dataset.db(i);
            if (d.size() > 0) {
                sb.append("db").append(i).append(":keys=").append(d.size()).append(",expires=")
                        .append(d.expiresCount()).append(",avg_ttl=0\r\n");
            }
        }
    }

    // ------------------------------------------------------------------ ROLE, DEBUG, CONFIG

    private static void role(Request r) {
        ReplicationState rs = r.server.replication;
        r.reply.array(5);
        r.reply.bulk("slave");
        r.reply.bulk(rs.masterHost());
        r.reply.integer(rs.masterPort());
        r.reply.bulk(rs.link().roleName);
        r.reply.integer(rs.link() == ReplicationState.Link.CONNECTED ? rs.offset() : -1);
    }

    private static void debug(Request r) {
        ReplicationState rs = r.server.replication;
        if (r.argIs(1, "DIGEST") && r.argc() == 2) {
            r.reply.simple(DatasetDigest.hex(DatasetDigest.forMaster(rs.masterMajor(), rs.masterMinor()).dataset(r.dataset)));
        } else if (r.argIs(1, "DIGEST-VALUE")) {
            DatasetDigest digest = DatasetDigest.forMaster(rs.masterMajor(), rs.masterMinor());
            r.reply.array(r.argc() - 2);
            for (int i = 2; i < r.argc(); i++) {
                // like Redis: straight from the keyspace, expired keys included
                r.reply.simple(DatasetDigest.hex(digest.value(r.db(), r.arg(i))));
            }
        } else {
            throw new ReplyError("ERR Unknown subcommand or wrong number of arguments for '" + r.argString(1)
                    + "'. Try DEBUG HELP.");
        }
    }

    private static void configGet(Request r) {
        Map<String, String> values = configValues(r);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 2; i < r.argc(); i++) {
            String pat = r.argString(i).toLowerCase(Locale.ROOT);
            GlobPattern g = new GlobPattern(pat.getBytes(StandardCharsets.ISO_8859_1));
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (g.matches(e.getKey().getBytes(StandardCharsets.ISO_8859_1))) {
                    out.putIfAbsent(e.getKey(), e.getValue());
                }
            }
        }
        r.reply.map(out.size());
        out.forEach((k, v) -> {
            r.reply.bulk(k);
            r.reply.bulk(v);
        });
    }

    /** Read-only answers for the settings tools ask about. */
    private static Map<String, String> configValues(Request r) {
        Map<String, String> m = new LinkedHashMap<>();
        ReplicationState rs = r.server.replication;
        Persistence p = r.server.persistence;
        m.put("save", "");
        if (p != null && p.file() != null) {
            m.put("dir", String.valueOf(p.file().getParent()));
            m.put("dbfilename", String.valueOf(p.file().getFileName()));
        }
        m.put("appendonly", "no");
        m.put("databases", Integer.toString(r.dataset.databases()));
        m.put("port", Integer.toString(r.server.boundPort));
        m.put("bind", r.server.options.bind());
        m.put("maxmemory", "0");
        m.put("maxmemory-policy", "noeviction");
        ServerOptions o = r.server.options;
        m.put("maxclients", Integer.toString(o.maxClients()));
        m.put("timeout", Long.toString(o.timeoutSeconds()));
        m.put("client-query-buffer-limit", Long.toString(o.queryBufferLimit()));
        m.put("proto-max-bulk-len", Long.toString(o.protoMaxBulkLen()));
        ServerOptions.OutputLimit ps = o.pubsubOutputLimit();
        m.put("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub " + ps.hard() + " "
                + ps.soft() + " " + ps.softSeconds());
        m.put("replica-read-only", "yes");
        m.put("slave-read-only", "yes");
        m.put("replicaof", rs.masterHost() + " " + rs.masterPort());
        m.put("slaveof", rs.masterHost() + " " + rs.masterPort());
        m.put("cluster-enabled", "no");
        m.put("requirepass", r.server.options.password() == null ? "" : r.server.options.password());
        m.put("protected-mode", o.protectedMode() ? "yes" : "no");
        m.put("appendfsync", "everysec");
        m.put("hll-sparse-max-bytes", "3000");
        return m;
    }

    // ------------------------------------------------------------------ COMMAND

    private static void commandAll(Request r) {
        List<CommandSpec> all = new ArrayList<>(r.server.commands.all());
        r.reply.array(all.size());
        all.forEach(s -> commandEntry(r.reply, s));
    }

    private static void commandInfo(Request r) {
        r.reply.array(r.argc() - 2);
        for (int i = 2; i < r.argc(); i++) {
            CommandSpec s = r.server.commands.lookup(Dispatcher.lower(r.arg(i)));
            if (s == null) {
                r.reply.nullArray();
            } else {
                commandEntry(r.reply, s);
            }
        }
    }

    /** A 7.0 COMMAND entry: name, arity, flags, first/last key, step, categories, tips, key specs, subcommands. */
    private static void commandEntry(Reply o, CommandSpec s) {
        o.array(10);
        o.bulk(s.fullName());
        o.integer(s.arity());
        o.set(s.flags().size());
        s.flags().forEach(o::simple);
        o.integer(s.firstKey());
        o.integer(s.lastKey());
        o.integer(s.step());
        o.set(0);
        o.set(0);
        o.set(0);
        if (s.subcommands() == null) {
            o.array(0);
        } else {
            o.array(s.subcommands().size());
            s.subcommands().values().forEach(sub -> commandEntry(o, sub));
        }
    }
}
