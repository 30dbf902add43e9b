package io.replkit.replica.server;

import io.replkit.replica.chain.Downstream;
import io.replkit.replica.chain.ReplicaAnnouncement;
import io.replkit.replica.chain.Relay;

/**
 * What a replica of ours sends: {@code REPLCONF}, {@code SYNC}, {@code PSYNC}, answered as Redis's
 * {@code replconfCommand} and {@code syncCommand} answer them; the stream itself comes from the
 * {@link Relay}. These go through the normal command path (authentication first).
 */
final class ReplicationCommands {
    /** Redis's {@code NET_HOST_STR_LEN}: an announced ip-address must be shorter. */
    private static final int NET_HOST_STR_LEN = 256;

    private ReplicationCommands() {
    }

    static void register(CommandTable t) {
        t.plain("replconf", -1, ReplicationCommands::replconf);
        t.plain("sync", 1, r -> sync(r, false));
        t.plain("psync", -3, r -> sync(r, true));
    }

    private static void replconf(Request r) {
        if (r.argc() % 2 == 0) {
            throw ReplyError.syntax(); // every option needs a value
        }
        ClientSession c = r.client;
        ReplicaAnnouncement a = c.replconf;
        if (a == null) {
            a = new ReplicaAnnouncement();
            c.replconf = a;
        }
        for (int j = 1; j < r.argc(); j += 2) {
            if (r.argIs(j, "listening-port")) {
                a.listeningPort = (int) r.argLong(j + 1);
            } else if (r.argIs(j, "ip-address")) {
                String ip = r.argString(j + 1);
                if (ip.length() >= NET_HOST_STR_LEN) {
                    throw new ReplyError("ERR REPLCONF ip-address provided by replica instance is too long: "
                            + ip.length() + " bytes");
                }
                a.ipAddress = ip;
            } else if (r.argIs(j, "capa")) {
                if (r.argIs(j + 1, "eof")) {
                    a.capaEof = true;
                } else if (r.argIs(j + 1, "psync2")) {
                    a.capaPsync2 = true;
                } // others are ignored, as Redis ignores what it does not understand
            } else if (r.argIs(j, "ack")) {
                // no reply, ever; only a replica's ACK counts
                Downstream d = c.downstream;
                Relay relay = r.server.relay;
                if (d != null && relay != null) {
                    try {
                        relay.ack(d, RedisNumbers.parseLong(r.arg(j + 1), ReplyError.NOT_INTEGER));
                    } catch (ReplyError notANumber) {
                        // Redis ignores a malformed ACK
                    }
                }
                return;
            } else if (r.argIs(j, "getack")) {
                return; // asks a replica's ACK of its master: nothing for a client to get
            } else if (r.argIs(j, "rdb-only")) {
                long v = r.argLong(j + 1);
                if (v != 0 && v != 1) {
                    throw new ReplyError("ERR value is out of range, must be positive");
                }
                a.rdbOnly = v == 1;
            } else {
                throw new ReplyError("ERR Unrecognized REPLCONF option: " + r.argString(j));
            }
        }
        r.reply.ok();
    }

    private static void sync(Request r, boolean psync) {
        ClientSession c = r.client;
        if (c.downstream != null) {
            return; // already a replica: ignored, as Redis does
        }
        Relay relay = r.server.relay;
        if (relay == null) {
            throw new ReplyError("ERR this server does not serve replicas");
        }
        if (r.server.replication.link() != ReplicationState.Link.CONNECTED || !relay.hasHistory()) {
            throw new ReplyError("NOMASTERLINK Can't SYNC while not connected with my master");
        }
        String why = "SYNC";
        long offset = -1;
        String replid = null;
        if (psync) {
            offset = r.argLong(2);
            replid = r.argString(1);
            why = replid.equals("?") ? "requested" : "could not continue " + replid + " from offset " + offset;
        }
        Downstream d = relay.attach(c.channel, peerIp(c), c.replconf, !psync);
        if (psync && relay.tryContinue(d, replid, offset, r.reply.buffer())) {
            c.downstream = d;
            return;
        }
        String refusal = relay.fullSyncRefusal();
        if (refusal != null) {
            throw new ReplyError(refusal);
        }
        c.downstream = d;
        relay.startFullSync(d, why, replid);
    }

    private static String peerIp(ClientSession c) {
        int colon = c.addr.lastIndexOf(':');
        return colon < 0 ? c.addr : c.addr.substring(0, colon);
    }
}
