package io.replkit.replica.apply;

import static io.replkit.replica.apply.KeyCommands.requireArgs;

import io.replkit.rdb.value.StreamId;
import io.replkit.replica.data.StreamObject;
import java.util.Arrays;
import java.util.Map;

/**
 * Stream writes (t_stream.c) in the forms masters propagate: XADD with an explicit id and exact
 * trimming, XTRIM, XDEL, XSETID, XACK, XGROUP, and XCLAIM … FORCE JUSTID LASTID (which carries
 * XREADGROUP's and XAUTOCLAIM's effects).
 */
final class StreamCommands {
    private StreamCommands() {
    }

    static void register(Map<String, Command> t) {
        t.put("XADD", StreamCommands::xadd);
        t.put("XTRIM", StreamCommands::xtrim);
        t.put("XDEL", StreamCommands::xdel);
        t.put("XSETID", StreamCommands::xsetid);
        t.put("XACK", StreamCommands::xack);
        t.put("XGROUP", StreamCommands::xgroup);
        t.put("XCLAIM", StreamCommands::xclaim);
    }

    /** MAXLEN/MINID options shared by XADD and XTRIM; {@code next} is the first argument after them. */
    private record Trim(boolean byLength, long maxLen, StreamId minId, int next) {
        static Trim parse(byte[][] a, int i, boolean xadd) throws CommandException {
            boolean byLength = false;
            long maxLen = -1;
            StreamId minId = null;
            for (; i < a.length; i++) {
                boolean more = i + 1 < a.length;
                if ((Args.is(a[i], "MAXLEN") || Args.is(a[i], "MINID")) && more) {
                    byLength = Args.is(a[i], "MAXLEN");
                    i++;
                    if (a[i].length == 1 && (a[i][0] == '=' || a[i][0] == '~') && i + 1 < a.length) {
                        i++; // approximate trims arrive rewritten to exact ones
                    }
                    if (byLength) {
                        maxLen = Args.parseLong(a[i]);
                        if (maxLen < 0) {
                            throw new CommandException("ERR The MAXLEN argument must be >= 0.");
                        }
                    } else {
                        minId = Args.parseStreamId(a[i]);
                    }
                } else if (Args.is(a[i], "LIMIT") && more) {
                    Args.parseLong(a[++i]); // the master already chose what to trim
                } else if (xadd && Args.is(a[i], "NOMKSTREAM")) {
                    continue;
                } else {
                    break;
                }
            }
            return new Trim(byLength, maxLen, minId, i);
        }

        boolean given() {
            return maxLen >= 0 || minId != null;
        }

        void apply(StreamObject s) {
            if (byLength && maxLen >= 0) {
                s.trimToLength(maxLen, 0);
            } else if (minId != null) {
                s.trimToMinId(minId, 0);
            }
        }
    }

    /** XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT n]] id field value ... */
    private static void xadd(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 5);
        boolean nomkstream = false;
        for (int i = 2; i < a.length && !Args.is(a[i], "*") && i < 8; i++) {
            nomkstream |= Args.is(a[i], "NOMKSTREAM");
        }
        Trim trim = Trim.parse(a, 2, true);
        int idAt = trim.next;
        int fields = a.length - idAt - 1;
        if (fields < 2 || fields % 2 != 0) {
            throw CommandException.arity("xadd");
        }
        byte[] idArg = a[idAt];
        StreamObject s = c.stream(a[1]);
        if (s == null && nomkstream) {
            return;
        }
        StreamId last = s == null ? StreamId.ZERO : s.lastId();
        StreamId id;
        if (idArg.length == 1 && idArg[0] == '*') {
            throw new CommandException("ERR XADD with an automatic id cannot be applied by a replica: the master sends the id it generated");
        } else if (idArg.length > 2 && idArg[idArg.length - 1] == '*' && idArg[idArg.length - 2] == '-') {
            long ms = Long.parseUnsignedLong(Args.text(Arrays.copyOf(idArg, idArg.length - 2)));
            id = last.ms() == ms ? new StreamId(ms, last.seq() + 1) : new StreamId(ms, 0);
        } else {
            id = Args.parseStreamId(idArg);
            if (id.equals(StreamId.ZERO)) {
                throw new CommandException("ERR The ID specified in XADD must be greater than 0-0");
            }
        }
        if (id.compareTo(last) <= 0) {
            throw new CommandException("ERR The ID specified in XADD is equal or smaller than the target stream top item");
        }
        if (s == null) {
            s = new StreamObject();
            c.db().put(a[1], s);
        }
        s.append(id, Arrays.copyOfRange(a, idAt + 1, a.length));
        if (trim.given()) {
            trim.apply(s);
        }
    }

    private static void xtrim(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 4);
        Trim trim = Trim.parse(a, 2, false);
        if (!trim.given() || trim.next != a.length) {
            throw CommandException.syntax();
        }
        StreamObject s = c.stream(a[1]);
        if (s != null) {
            trim.apply(s);
        }
    }

    private static void xdel(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 3);
        StreamId[] ids = new StreamId[a.length - 2];
        for (int i = 2; i < a.length; i++) {
            ids[i - 2] = Args.parseStreamId(a[i]);
        }
        StreamObject s = c.stream(a[1]);
        if (s == null) {
            return;
        }
        for (StreamId id : ids) {
            s.delete(id);
        }
    }

    /** XSETID key last-id [ENTRIESADDED n] [MAXDELETEDID id]. */
    private static void xsetid(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 3);
        StreamId id = Args.parseStreamId(a[2]);
        long entriesAdded = -1;
        StreamId maxDeleted = StreamId.ZERO;
        for (int i = 3; i < a.length; i++) {
            if (Args.is(a[i], "ENTRIESADDED") && i + 1 < a.length) {
                entriesAdded = Args.parseLong(a[++i]);
                if (entriesAdded < 0) {
                    throw new CommandException("ERR entries_added must be positive");
                }
            } else if (Args.is(a[i], "MAXDELETEDID") && i + 1 < a.length) {
                maxDeleted = Args.parseStreamId(a[++i]);
                if (id.compareTo(maxDeleted) < 0) {
                    throw new CommandException("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                }
            } else {
                throw CommandException.syntax();
            }
        }
        StreamObject s = c.stream(a[1]);
        if (s == null) {
            throw new CommandException("ERR no such key");
        }
        if (s.length() > 0) {
            if (id.compareTo(s.entries().lastKey()) < 0) {
                throw new CommandException("ERR The ID specified in XSETID is smaller than the target stream top item");
            }
            if (entriesAdded != -1 && s.length() > entriesAdded) {
                throw new CommandException("ERR The entries_added specified in XSETID is smaller than the target stream length");
            }
        }
        s.setLastId(id);
        if (entriesAdded != -1) {
            s.setEntriesAdded(entriesAdded);
        }
        if (!maxDeleted.equals(StreamId.ZERO)) {
            s.setMaxDeletedId(maxDeleted);
        }
    }

    private static StreamObject.Group group(ApplyContext c, byte[] key, byte[] name) throws CommandException {
        StreamObject s = c.stream(key);
        StreamObject.Group g = s == null ? null : s.groups().get(name);
        if (g == null) {
            throw new CommandException("NOGROUP No such key '" + Args.text(key) + "' or consumer group '" + Args.text(name) + "'");
        }
        return g;
    }

    private static void xack(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 4);
        StreamObject s = c.stream(a[1]);
        StreamObject.Group g = s == null ? null : s.groups().get(a[2]);
        if (g == null) {
            return;
        }
        for (int i = 3; i < a.length; i++) {
            StreamId id = Args.parseStreamId(a[i]);
            StreamObject.Pending p = g.pel.remove(id);
            if (p != null && p.consumer != null) {
                p.consumer.pel.remove(id);
            }
        }
    }

    private static void xgroup(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 2);
        if (a.length < 4) {
            return; // HELP
        }
        byte[] key = a[2];
        byte[] name = a[3];
        boolean create = Args.is(a[1], "CREATE");
        boolean setid = Args.is(a[1], "SETID");
        boolean mkstream = false;
        long entriesRead = -1;
        if (create || setid) {
            for (int i = 5; i < a.length; i++) {
                if (create && Args.is(a[i], "MKSTREAM")) {
                    mkstream = true;
                } else if (Args.is(a[i], "ENTRIESREAD") && i + 1 < a.length) {
                    entriesRead = Args.parseLong(a[++i]);
                    if (entriesRead < 0 && entriesRead != -1) {
                        throw new CommandException("ERR value for ENTRIESREAD must be positive or -1");
                    }
                } else {
                    throw CommandException.syntax();
                }
            }
        }
        StreamObject s = c.stream(key);
        if (s == null && !(create && mkstream)) {
            throw new CommandException("ERR The XGROUP subcommand requires the key to exist.");
        }
        long now = c.now();
        if (create) {
            requireArgs(a, 5);
            StreamId id;
            if (Args.is(a[4], "$")) {
                id = s == null ? StreamId.ZERO : s.lastId();
            } else {
                id = Args.parseStreamId(a[4]);
            }
            if (s == null) {
                s = new StreamObject();
                c.db().put(key, s);
            }
            if (s.groups().containsKey(name)) {
                throw new CommandException("BUSYGROUP Consumer Group name already exists");
            }
            s.groups().put(name, new StreamObject.Group(name, id, entriesRead));
        } else if (setid) {
            requireArgs(a, 5);
            StreamObject.Group g = group(c, key, name);
            g.lastId = Args.is(a[4], "$") ? s.lastId() : Args.parseStreamId(a[4]);
            g.entriesRead = entriesRead;
        } else if (Args.is(a[1], "DESTROY")) {
            s.groups().remove(name);
        } else if (Args.is(a[1], "CREATECONSUMER")) {
            requireArgs(a, 5);
            group(c, key, name).consumer(a[4], now);
        } else if (Args.is(a[1], "DELCONSUMER")) {
            requireArgs(a, 5);
            group(c, key, name).removeConsumer(a[4]);
        } else {
            throw new CommandException("ERR unknown subcommand '" + Args.text(a[1]) + "'");
        }
    }

    /** XCLAIM key group consumer min-idle id... [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id]. */
    private static void xclaim(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 6);
        StreamObject s = c.stream(a[1]);
        StreamObject.Group g = group(c, a[1], a[2]);
        long minIdle = Math.max(0, Args.parseLong(a[4]));
        int j = 5;
        java.util.List<StreamId> ids = new java.util.ArrayList<>();
        for (; j < a.length; j++) {
            try {
                ids.add(Args.parseStreamId(a[j]));
            } catch (CommandException e) {
                break;
            }
        }
        long now = c.now();
        long deliveryTime = -1;
        long retryCount = -1;
        boolean force = false, justid = false;
        StreamId lastId = StreamId.ZERO;
        for (; j < a.length; j++) {
            boolean more = j + 1 < a.length;
            if (Args.is(a[j], "FORCE")) {
                force = true;
            } else if (Args.is(a[j], "JUSTID")) {
                justid = true;
            } else if (Args.is(a[j], "IDLE") && more) {
                deliveryTime = now - Args.parseLong(a[++j]);
            } else if (Args.is(a[j], "TIME") && more) {
                deliveryTime = Args.parseLong(a[++j]);
            } else if (Args.is(a[j], "RETRYCOUNT") && more) {
                retryCount = Args.parseLong(a[++j]);
            } else if (Args.is(a[j], "LASTID") && more) {
                lastId = Args.parseStreamId(a[++j]);
            } else {
                throw new CommandException("ERR Unrecognized XCLAIM option '" + Args.text(a[j]) + "'");
            }
        }
        if (lastId.compareTo(g.lastId) > 0) {
            g.lastId = lastId;
        }
        // the master's TIME is kept as sent (Redis clamps it to the replica's clock when in the future)
        if (deliveryTime < 0) {
            deliveryTime = now;
        }
        StreamObject.Consumer consumer = null;
        for (StreamId id : ids) {
            StreamObject.Pending nack = g.pel.get(id);
            boolean exists = s.entries().containsKey(id);
            if (!exists && c.options.claimDropsDeletedEntries()) {
                if (nack != null) {
                    g.pel.remove(id);
                    if (nack.consumer != null) {
                        nack.consumer.pel.remove(id);
                    }
                }
                continue;
            }
            if (force && nack == null) {
                if (!exists) {
                    continue;
                }
                nack = new StreamObject.Pending(now, 1);
                g.pel.put(id, nack);
            }
            if (nack == null) {
                continue;
            }
            if (nack.consumer != null && minIdle > 0 && now - nack.deliveryTime < minIdle) {
                continue;
            }
            if (consumer == null) {
                consumer = g.consumer(a[3], now);
                consumer.seenTime = now;
            }
            if (nack.consumer != consumer && nack.consumer != null) {
                nack.consumer.pel.remove(id);
            }
            nack.deliveryTime = deliveryTime;
            if (retryCount >= 0) {
                nack.deliveryCount = retryCount;
            } else if (!justid) {
                nack.deliveryCount++;
            }
            if (nack.consumer != consumer) {
                consumer.pel.put(id, nack);
                nack.consumer = consumer;
            }
        }
    }
}
