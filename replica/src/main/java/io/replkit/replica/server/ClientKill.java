package io.replkit.replica.server;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code CLIENT KILL ip:port} (the old form: +OK or an error) and {@code CLIENT KILL <filter> <value> ...}
 * with the filters {@code ID}, {@code ADDR}, {@code LADDR}, {@code TYPE normal|replica|slave|master|pubsub},
 * {@code USER}, {@code SKIPME yes|no} (the new form: how many were killed), as Redis 7.0 answers them.
 * A replica of ours is of type replica; nothing here is a master or pubsub client.
 */
final class ClientKill {
    private ClientKill() {
    }

    static void run(Request r) {
        if (r.argc() == 3) {
            String addr = r.argString(2);
            List<ClientSession> hit = matching(r, null, addr, null, null, null, false);
            if (hit.isEmpty()) {
                throw new ReplyError("ERR No such client");
            }
            kill(r, hit);
            r.reply.ok();
            return;
        }
        if (r.argc() % 2 == 1) {
            throw ReplyError.syntax();
        }
        Long id = null;
        String addr = null;
        String laddr = null;
        String type = null;
        String user = null;
        boolean skipMe = true;
        for (int i = 2; i < r.argc(); i += 2) {
            if (r.argIs(i, "id")) {
                id = r.argLong(i + 1, "ERR client-id should be greater than 0");
            } else if (r.argIs(i, "addr")) {
                addr = r.argString(i + 1);
            } else if (r.argIs(i, "laddr")) {
                laddr = r.argString(i + 1);
            } else if (r.argIs(i, "user")) {
                user = r.argString(i + 1);
            } else if (r.argIs(i, "type")) {
                type = r.argString(i + 1).toLowerCase(java.util.Locale.ROOT);
                if (type.equals("slave")) {
                    type = "replica";
                }
                if (!List.of("normal", "replica", "master", "pubsub").contains(type)) {
                    throw new ReplyError("ERR Unknown client type '" + r.argString(i + 1) + "'");
                }
            } else if (r.argIs(i, "skipme")) {
                if (r.argIs(i + 1, "yes")) {
                    skipMe = true;
                } else if (r.argIs(i + 1, "no")) {
                    skipMe = false;
                } else {
                    throw ReplyError.syntax();
                }
            } else {
                throw ReplyError.syntax();
            }
        }
        List<ClientSession> hit = matching(r, id, addr, laddr, type, user, skipMe);
        kill(r, hit);
        r.reply.integer(hit.size());
    }

    private static List<ClientSession> matching(Request r, Long id, String addr, String laddr, String type, String user,
                                                boolean skipMe) {
        List<ClientSession> out = new ArrayList<>();
        for (ClientSession c : r.server.clients.values()) {
            if ((skipMe && c == r.client) || (id != null && c.id != id) || (addr != null && !c.addr.equals(addr))
                    || (laddr != null && !c.laddr.equals(laddr)) || (user != null && !c.user.equals(user))) {
                continue;
            }
            if (type != null && !type.equals(c.downstream != null ? "replica" : "normal")) {
                continue;
            }
            out.add(c);
        }
        return out;
    }

    private static void kill(Request r, List<ClientSession> clients) {
        for (ClientSession c : clients) {
            c.closing = true; // the caller itself is closed after its reply
            if (c != r.client && c.channel != null) {
                c.channel.close();
            }
        }
    }
}
