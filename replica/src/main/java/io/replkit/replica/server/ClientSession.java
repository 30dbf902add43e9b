package io.replkit.replica.server;

import io.netty.channel.Channel;
import io.replkit.replica.chain.Downstream;
import io.replkit.replica.chain.ReplicaAnnouncement;
import java.util.ArrayList;
import java.util.List;

/** One client connection's state: what CLIENT LIST shows and what HELLO/SELECT/MULTI change. */
public final class ClientSession {
    final long id;
    final String addr;
    final String laddr;
    final long createdMs;
    volatile long lastInteractionMs;
    volatile String name = "";
    volatile String user = "default";
    volatile int resp = 2;
    volatile int db;
    volatile boolean authenticated;
    volatile String lastCommand = "NULL";
    /** Commands queued after MULTI, or null outside a transaction. */
    List<byte[][]> multi;
    /** A command was rejected while queuing: EXEC aborts. */
    boolean multiDirty;
    volatile boolean closing;
    /** The connection (SYNC/PSYNC take it over to send the replication stream). */
    Channel channel;
    /** What REPLCONF announced, or null. */
    ReplicaAnnouncement replconf;
    /** Set once SYNC/PSYNC made this connection a replica of ours: its replies are dropped. */
    volatile Downstream downstream;

    ClientSession(long id, String addr, String laddr, boolean authenticated, long now) {
        this.id = id;
        this.addr = addr;
        this.laddr = laddr;
        this.authenticated = authenticated;
        this.createdMs = now;
        this.lastInteractionMs = now;
    }

    public long id() {
        return id;
    }

    void startMulti() {
        multi = new ArrayList<>();
        multiDirty = false;
    }

    void endMulti() {
        multi = null;
        multiDirty = false;
    }

    /** The CLIENT LIST / CLIENT INFO line of this client (fields as Redis 7.0 prints them). */
    String infoLine(long now) {
        String flags = multi != null ? "x" : "N";
        return "id=" + id + " addr=" + addr + " laddr=" + laddr + " fd=-1 name=" + name
                + " age=" + (now - createdMs) / 1000 + " idle=" + (now - lastInteractionMs) / 1000
                + " flags=" + flags + " db=" + db + " sub=0 psub=0 ssub=0 multi=" + (multi == null ? -1 : multi.size())
                + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd="
                + lastCommand + " user=" + user + " redir=-1 resp=" + resp;
    }
}
