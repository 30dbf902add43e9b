package io.replkit.replica.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Connection commands: PING ECHO SELECT QUIT RESET HELLO AUTH ACL WHOAMI CLIENT, and MULTI/EXEC for reads. */
final class ConnectionCommands {
    private ConnectionCommands() {
    }

    static void register(CommandTable t) {
        t.plain("ping", -1, ConnectionCommands::ping);
        t.plain("echo", 2, r -> r.reply.bulk(r.arg(1)));
        t.plain("select", 2, ConnectionCommands::select);
        t.plain("quit", -1, r -> {
            r.reply.ok();
            r.client.closing = true;
        });
        t.plain("reset", 1, ConnectionCommands::reset);
        t.plain("hello", -1, ConnectionCommands::hello);
        t.plain("auth", -2, ConnectionCommands::auth);
        t.plain("multi", 1, ConnectionCommands::multi);
        t.plain("exec", 1, ConnectionCommands::exec);
        t.plain("discard", 1, r -> {
            if (r.client.multi == null) {
                throw new ReplyError("ERR DISCARD without MULTI");
            }
            r.client.endMulti();
            r.reply.ok();
        });
        // The replica's data changes only through the master, and EXEC runs under one read lock:
        // a client transaction always sees one consistent state, so WATCH has nothing to guard here.
        t.plain("watch", -2, r -> {
            if (r.client.multi != null) {
                throw new ReplyError("ERR WATCH inside MULTI is not allowed");
            }
            r.reply.ok();
        });
        t.plain("unwatch", 1, r -> r.reply.ok());
        t.container("acl", -2)
                .sub("whoami", 2, false, r -> r.reply.bulk(r.client.user));
        t.container("client", -2)
                .sub("setname", 3, false, r -> {
                    setName(r, r.arg(2));
                    r.reply.ok();
                })
                .sub("getname", 2, false, r -> {
                    if (r.client.name.isEmpty()) {
                        r.reply.nullBulk();
                    } else {
                        r.reply.bulk(r.client.name.getBytes(StandardCharsets.ISO_8859_1));
                    }
                })
                .sub("id", 2, false, r -> r.reply.integer(r.client.id))
                .sub("info", 2, false, r -> r.reply.verbatim(r.client.infoLine(r.now) + "\n"))
                .sub("list", -2, false, ConnectionCommands::clientList)
                .sub("kill", -3, false, ClientKill::run)
                .sub("setinfo", 4, false, r -> r.reply.ok())
                .sub("no-evict", 3, false, r -> r.reply.ok())
                .sub("no-touch", 3, false, r -> r.reply.ok())
                .sub("reply", 3, false, r -> r.reply.ok());
    }

    private static void ping(Request r) {
        if (r.argc() > 2) {
            throw new ReplyError(Dispatcher.wrongArity(r.server.commands.lookup("ping")));
        }
        if (r.client.resp == 2 && r.client.subscribed()) {
            // RESP2 subscribers tell replies from messages by shape: PING answers like a message
            r.reply.array(2);
            r.reply.bulk("pong");
            r.reply.bulk(r.argc() == 1 ? new byte[0] : r.arg(1));
        } else if (r.argc() == 1) {
            r.reply.simple("PONG");
        } else {
            r.reply.bulk(r.arg(1));
        }
    }

    private static void select(Request r) {
        long db = r.argLong(1);
        if (db < 0 || db >= r.dataset.databases()) {
            throw new ReplyError("ERR DB index is out of range");
        }
        r.client.db = (int) db;
        r.reply.ok();
    }

    private static void reset(Request r) {
        ClientSession c = r.client;
        c.endMulti();
        c.db = 0;
        c.resp = 2;
        r.reply.resp(2);
        c.name = "";
        c.user = "default";
        c.authenticated = r.server.options.defaultUserOpen();
        r.server.pubsub.forget(c);
        r.reply.simple("RESET");
    }

    private static void hello(Request r) {
        long ver = 0;
        int next = 1;
        if (r.argc() >= 2) {
            ver = r.argLong(next++, "ERR Protocol version is not an integer or out of range");
            if (ver < 2 || ver > 3) {
                throw new ReplyError("NOPROTO unsupported protocol version");
            }
        }
        byte[] user = null;
        byte[] pass = null;
        byte[] name = null;
        for (int j = next; j < r.argc(); j++) {
            int more = r.argc() - 1 - j;
            if (r.argIs(j, "AUTH") && more >= 2) {
                user = r.arg(j + 1);
                pass = r.arg(j + 2);
                j += 2;
            } else if (r.argIs(j, "SETNAME") && more >= 1) {
                name = r.arg(j + 1);
                j++;
            } else {
                throw new ReplyError("ERR Syntax error in HELLO option '" + r.argString(j) + "'");
            }
        }
        if (user != null) {
            authenticate(r, user, pass);
        }
        if (!r.client.authenticated) {
            throw new ReplyError("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO AUTH <user> <pass> option can be used to authenticate the client and select the "
                    + "RESP protocol version at the same time");
        }
        if (name != null) {
            setName(r, name);
        }
        if (ver != 0) {
            r.client.resp = (int) ver;
            r.reply.resp((int) ver);
        }
        Reply o = r.reply;
        o.map(7);
        o.bulk("server");
        o.bulk("redis");
        o.bulk("version");
        o.bulk(r.server.options.redisVersion());
        o.bulk("proto");
        o.integer(r.client.resp);
        o.bulk("id");
        o.integer(r.client.id);
        o.bulk("mode");
        o.bulk("standalone");
        o.bulk("role");
        o.bulk("replica");
        o.bulk("modules");
        o.array(0);
    }

    private static void auth(Request r) {
        if (r.argc() > 3) {
            throw ReplyError.syntax();
        }
        if (r.argc() == 2) {
            if (r.server.options.password() == null) {
                throw new ReplyError("ERR AUTH <password> called without any password configured for the default "
                        + "user. Are you sure your configuration is correct?");
            }
            authenticate(r, "default".getBytes(StandardCharsets.US_ASCII), r.arg(1));
        } else {
            authenticate(r, r.arg(1), r.arg(2));
        }
        r.reply.ok();
    }

    /**
     * ACL-style check: "default" with the configured password (any password when there is none, as
     * for Redis's nopass user), or a --user with its own.
     */
    private static void authenticate(Request r, byte[] user, byte[] pass) {
        String name = new String(user, StandardCharsets.UTF_8);
        ServerOptions o = r.server.options;
        String required = name.equals("default") ? o.password() : o.users().get(name);
        boolean known = name.equals("default") || required != null;
        boolean ok = known && (required == null || MessageDigest.isEqual(required.getBytes(StandardCharsets.UTF_8), pass));
        if (!ok) {
            throw new ReplyError("WRONGPASS invalid username-password pair or user is disabled.");
        }
        r.client.authenticated = true;
        r.client.user = name;
    }

    private static void setName(Request r, byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                throw new ReplyError("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
        r.client.name = new String(name, StandardCharsets.ISO_8859_1);
    }

    private static void clientList(Request r) {
        StringBuilder sb = new StringBuilder();
        r.server.clients.values().stream().sorted((a, b) -> Long.compare(a.id, b.id))
                .forEach(c -> sb.append(c.infoLine(r.now)).append('\n'));
        r.reply.verbatim(sb.toString());
    }

    private static void multi(Request r) {
        if (r.client.multi != null) {
            throw new ReplyError("ERR MULTI calls can not be nested");
        }
        r.client.startMulti();
        r.reply.ok();
    }

    /** Runs the queued reads under one read lock: the transaction sees one state of the dataset. */
    private static void exec(Request r) {
        ClientSession c = r.client;
        if (c.multi == null) {
            throw new ReplyError("ERR EXEC without MULTI");
        }
        if (c.multiDirty) {
            c.endMulti();
            throw new ReplyError("EXECABORT Transaction discarded because of previous errors.");
        }
        java.util.List<byte[][]> queued = c.multi;
        c.endMulti();
        Dispatcher d = new Dispatcher(r.server);
        ServedDataset.View view = r.server.data.view();
        view.readLock().lock();
        r.pinned = view;
        try {
            r.reply.array(queued.size());
            for (byte[][] args : queued) {
                r.args = args;
                r.reply.resp(c.resp);
                d.run(d.resolve(args), r);
            }
        } finally {
            r.pinned = null;
            view.readLock().unlock();
        }
    }
}
