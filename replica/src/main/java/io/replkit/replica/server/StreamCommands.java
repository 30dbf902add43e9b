package io.replkit.replica.server;

import io.replkit.rdb.value.StreamId;
import io.replkit.replica.data.StreamObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/** Stream reads: XRANGE XREVRANGE XLEN XREAD (without blocking) XINFO STREAM [FULL]|GROUPS|CONSUMERS XPENDING. */
final class StreamCommands {
    private StreamCommands() {
    }

    private static final StreamId MAX = new StreamId(-1L, -1L);
    static final String INVALID_ID = "ERR Invalid stream ID specified as stream command argument";

    static void register(CommandTable t) {
        t.read("xrange", -4, 1, 1, 1, r -> range(r, false));
        t.read("xrevrange", -4, 1, 1, 1, r -> range(r, true));
        t.read("xlen", 2, 1, 1, 1, r -> {
            StreamObject s = r.lookup(r.arg(1), StreamObject.class);
            r.reply.integer(s == null ? 0 : s.length());
        });
        t.read("xread", -4, 0, 0, 0, StreamCommands::xread);
        t.read("xpending", -3, 1, 1, 1, StreamCommands::xpending);
        t.container("xinfo", -2)
                .sub("stream", -3, true, 2, 2, 1, StreamCommands::xinfoStream)
                .sub("groups", 3, true, 2, 2, 1, StreamCommands::xinfoGroups)
                .sub("consumers", 4, true, 2, 2, 1, StreamCommands::xinfoConsumers);
    }

    /** {@code streamGenericParseIDOrReply}: "-", "+", "ms" (seq = {@code missingSeq}) or "ms-seq", unsigned. */
    static StreamId parseId(byte[] b, long missingSeq, boolean strict) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        if (s.length() > 127) {
            throw new ReplyError(INVALID_ID);
        }
        if (s.length() == 1 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            if (strict) {
                throw new ReplyError(INVALID_ID);
            }
            return s.charAt(0) == '-' ? StreamId.ZERO : MAX;
        }
        int dash = s.indexOf('-');
        try {
            if (dash < 0) {
                return new StreamId(unsigned(s), missingSeq);
            }
            return new StreamId(unsigned(s.substring(0, dash)), unsigned(s.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new ReplyError(INVALID_ID);
        }
    }

    /** {@code string2ull}: digits only, no sign, within 64 bits. */
    private static long unsigned(String s) {
        if (s.isEmpty() || s.length() > 20) {
            throw new NumberFormatException(s);
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                throw new NumberFormatException(s);
            }
        }
        return Long.parseUnsignedLong(s);
    }

    static StreamId incr(StreamId id) {
        if (id.seq() == -1L) {
            if (id.ms() == -1L) {
                return null;
            }
            return new StreamId(id.ms() + 1, 0);
        }
        return new StreamId(id.ms(), id.seq() + 1);
    }

    static StreamId decr(StreamId id) {
        if (id.seq() == 0) {
            if (id.ms() == 0) {
                return null;
            }
            return new StreamId(id.ms() - 1, -1L);
        }
        return new StreamId(id.ms(), id.seq() - 1);
    }

    private static void range(Request r, boolean rev) {
        byte[] startArg = rev ? r.arg(3) : r.arg(2);
        byte[] endArg = rev ? r.arg(2) : r.arg(3);
        boolean startEx = startArg.length > 0 && startArg[0] == '(';
        // an exclusive bound must be a real id: "(-" and "(+" are invalid
        StreamId start = parseId(startEx ? java.util.Arrays.copyOfRange(startArg, 1, startArg.length) : startArg, 0,
                startEx);
        if (startEx && (start = incr(start)) == null) {
            throw new ReplyError("ERR invalid start ID for the interval");
        }
        boolean endEx = endArg.length > 0 && endArg[0] == '(';
        StreamId end = parseId(endEx ? java.util.Arrays.copyOfRange(endArg, 1, endArg.length) : endArg, -1L, endEx);
        if (endEx && (end = decr(end)) == null) {
            throw new ReplyError("ERR invalid end ID for the interval");
        }
        long count = -1;
        for (int j = 4; j < r.argc(); j++) {
            if (r.argIs(j, "COUNT") && j + 1 < r.argc()) {
                count = Math.max(0, r.argLong(++j));
            } else {
                throw ReplyError.syntax();
            }
        }
        StreamObject s = r.lookup(r.arg(1), StreamObject.class);
        if (s == null) {
            r.reply.array(0);
            return;
        }
        if (count == 0) {
            r.reply.nullArray();
            return;
        }
        emitRange(r, s, start, end, count == -1 ? 0 : count, rev);
    }

    /** {@code streamReplyWithRange} without a group: entries from start to end inclusive, at most count (0: all). */
    static void emitRange(Request r, StreamObject s, StreamId start, StreamId end, long count, boolean rev) {
        List<Map.Entry<StreamId, byte[][]>> out = new ArrayList<>();
        if (start.compareTo(end) <= 0) {
            NavigableMap<StreamId, byte[][]> sub = s.entries().subMap(start, true, end, true);
            for (Map.Entry<StreamId, byte[][]> e : rev ? sub.descendingMap().entrySet() : sub.entrySet()) {
                out.add(e);
                if (count > 0 && out.size() >= count) {
                    break;
                }
            }
        }
        r.reply.array(out.size());
        for (Map.Entry<StreamId, byte[][]> e : out) {
            entry(r.reply, e.getKey(), e.getValue());
        }
    }

    static void entry(Reply o, StreamId id, byte[][] fieldsAndValues) {
        o.array(2);
        o.bulk(id.toString());
        o.array(fieldsAndValues.length);
        for (byte[] b : fieldsAndValues) {
            o.bulk(b);
        }
    }

    private static void xread(Request r) {
        long count = 0;
        int streamsArg = 0;
        int streams = 0;
        for (int i = 1; i < r.argc(); i++) {
            int more = r.argc() - i - 1;
            if (r.argIs(i, "BLOCK") && more > 0) {
                long timeout = RedisNumbers.parseLong(r.arg(++i), "ERR timeout is not an integer or out of range");
                if (timeout < 0) {
                    throw new ReplyError("ERR timeout is negative");
                }
            } else if (r.argIs(i, "COUNT") && more > 0) {
                count = Math.max(0, r.argLong(++i));
            } else if (r.argIs(i, "STREAMS") && more > 0) {
                streamsArg = i + 1;
                streams = r.argc() - streamsArg;
                if (streams % 2 != 0) {
                    throw new ReplyError("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' "
                            + "must be specified.");
                }
                streams /= 2;
                break;
            } else if (r.argIs(i, "GROUP") && more >= 2) {
                throw new ReplyError("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
            } else {
                throw ReplyError.syntax();
            }
        }
        if (streamsArg == 0) {
            throw ReplyError.syntax();
        }
        StreamId[] after = new StreamId[streams];
        StreamObject[] objs = new StreamObject[streams];
        for (int i = 0; i < streams; i++) {
            objs[i] = r.lookup(r.arg(streamsArg + i), StreamObject.class);
            byte[] id = r.arg(streamsArg + streams + i);
            if (id.length == 1 && id[0] == '$') {
                after[i] = objs[i] == null ? StreamId.ZERO : objs[i].lastId();
            } else if (id.length == 1 && id[0] == '>') {
                throw new ReplyError("ERR The > ID can be specified only when calling XREADGROUP using the GROUP "
                        + "<group> <consumer> option.");
            } else {
                after[i] = parseId(id, 0, true);
            }
        }
        List<Integer> served = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            StreamObject s = objs[i];
            if (s != null && s.length() > 0 && s.entries().lastKey().compareTo(after[i]) > 0) {
                served.add(i);
            }
        }
        if (served.isEmpty()) {
            // no BLOCK here: this replica answers at once (as a blocking read that timed out)
            r.reply.nullArray();
            return;
        }
        if (r.reply.resp3()) {
            r.reply.map(served.size());
        } else {
            r.reply.array(served.size());
        }
        for (int i : served) {
            if (!r.reply.resp3()) {
                r.reply.array(2);
            }
            r.reply.bulk(r.arg(streamsArg + i));
            StreamId start = incr(after[i]);
            emitRange(r, objs[i], start == null ? MAX : start, MAX, count, false);
        }
    }

    // ------------------------------------------------------------------ groups

    private static StreamObject.Group group(Request r, StreamObject s, byte[] name, String missing) {
        StreamObject.Group g = s == null ? null : s.groups().get(name);
        if (g == null) {
            throw new ReplyError(missing);
        }
        return g;
    }

    private static void xpending(Request r) {
        byte[] key = r.arg(1);
        byte[] groupName = r.arg(2);
        boolean justInfo = r.argc() == 3;
        if (r.argc() != 3 && (r.argc() < 6 || r.argc() > 9)) {
            throw ReplyError.syntax();
        }
        long minIdle = 0;
        int start = 3;
        StreamId from = null;
        StreamId to = null;
        long count = 0;
        byte[] consumerName = null;
        if (!justInfo) {
            if (r.argIs(3, "IDLE")) {
                minIdle = r.argLong(4);
                if (r.argc() < 8) {
                    throw ReplyError.syntax();
                }
                start += 2;
            }
            boolean startEx = r.arg(start).length > 0 && r.arg(start)[0] == '(';
            from = parseId(startEx ? java.util.Arrays.copyOfRange(r.arg(start), 1, r.arg(start).length) : r.arg(start),
                    0, startEx);
            if (startEx && (from = incr(from)) == null) {
                throw new ReplyError("ERR invalid start ID for the interval");
            }
            boolean endEx = r.arg(start + 1).length > 0 && r.arg(start + 1)[0] == '(';
            to = parseId(endEx ? java.util.Arrays.copyOfRange(r.arg(start + 1), 1, r.arg(start + 1).length)
                    : r.arg(start + 1), -1L, endEx);
            if (endEx && (to = decr(to)) == null) {
                throw new ReplyError("ERR invalid end ID for the interval");
            }
            count = Math.max(0, r.argLong(start + 2));
            if (start + 3 < r.argc()) {
                consumerName = r.arg(start + 3);
            }
        }
        StreamObject s = r.lookup(key, StreamObject.class);
        StreamObject.Group g = group(r, s, groupName, "NOGROUP No such key '" + r.argString(1)
                + "' or consumer group '" + r.argString(2) + "'");
        if (justInfo) {
            if (g.pel.isEmpty()) {
                r.reply.array(4);
                r.reply.integer(0);
                r.reply.nullBulk();
                r.reply.nullBulk();
                r.reply.nullArray();
                return;
            }
            r.reply.array(4);
            r.reply.integer(g.pel.size());
            r.reply.bulk(g.pel.firstKey().toString());
            r.reply.bulk(g.pel.lastKey().toString());
            List<StreamObject.Consumer> withPending = new ArrayList<>();
            for (StreamObject.Consumer c : g.consumers.values()) {
                if (!c.pel.isEmpty()) {
                    withPending.add(c);
                }
            }
            r.reply.array(withPending.size());
            for (StreamObject.Consumer c : withPending) {
                r.reply.array(2);
                r.reply.bulk(c.name);
                r.reply.bulkLong(c.pel.size());
            }
            return;
        }
        NavigableMap<StreamId, StreamObject.Pending> pel;
        if (consumerName != null) {
            StreamObject.Consumer c = g.consumers.get(consumerName);
            if (c == null) {
                r.reply.array(0);
                return;
            }
            pel = c.pel;
        } else {
            pel = g.pel;
        }
        List<Map.Entry<StreamId, StreamObject.Pending>> out = new ArrayList<>();
        if (from.compareTo(to) <= 0) {
            for (Map.Entry<StreamId, StreamObject.Pending> e : pel.subMap(from, true, to, true).entrySet()) {
                if (out.size() >= count) {
                    break;
                }
                long idle = r.now - e.getValue().deliveryTime;
                if (minIdle > 0 && idle < minIdle) {
                    continue;
                }
                out.add(e);
            }
        }
        r.reply.array(out.size());
        for (Map.Entry<StreamId, StreamObject.Pending> e : out) {
            StreamObject.Pending p = e.getValue();
            r.reply.array(4);
            r.reply.bulk(e.getKey().toString());
            r.reply.bulk(p.consumer.name);
            r.reply.integer(Math.max(0, r.now - p.deliveryTime));
            r.reply.integer(p.deliveryCount);
        }
    }

    private static StreamObject existing(Request r) {
        StreamObject s = r.lookup(r.arg(2), StreamObject.class);
        if (s == null) {
            throw new ReplyError("ERR no such key");
        }
        return s;
    }

    private static void xinfoGroups(Request r) {
        StreamObject s = existing(r);
        r.reply.array(s.groups().size());
        for (StreamObject.Group g : s.groups().values()) {
            r.reply.map(6);
            r.reply.bulk("name");
            r.reply.bulk(g.name);
            r.reply.bulk("consumers");
            r.reply.integer(g.consumers.size());
            r.reply.bulk("pending");
            r.reply.integer(g.pel.size());
            groupPosition(r, s, g);
        }
    }

    /** A group's last-delivered-id, entries-read and lag fields, shared by XINFO GROUPS and XINFO STREAM FULL. */
    private static void groupPosition(Request r, StreamObject s, StreamObject.Group g) {
        r.reply.bulk("last-delivered-id");
        r.reply.bulk(g.lastId.toString());
        r.reply.bulk("entries-read");
        if (g.entriesRead != -1) {
            r.reply.integer(g.entriesRead);
        } else {
            r.reply.nullBulk();
        }
        r.reply.bulk("lag");
        Long lag = lag(s, g);
        if (lag == null) {
            r.reply.nullBulk();
        } else {
            r.reply.integer(lag);
        }
    }

    /** {@code streamReplyWithCGLag}. */
    private static Long lag(StreamObject s, StreamObject.Group g) {
        if (s.entriesAdded() == 0) {
            return 0L;
        }
        if (g.entriesRead != -1 && !hasTombstonesFrom(s, g.lastId)) {
            return s.entriesAdded() - g.entriesRead;
        }
        long read = distanceFromFirstEverEntry(s, g.lastId);
        return read == -1 ? null : s.entriesAdded() - read;
    }

    /** {@code streamRangeHasTombstones(s, start, NULL)}. */
    private static boolean hasTombstonesFrom(StreamObject s, StreamId start) {
        if (s.length() == 0 || s.maxDeletedId().equals(StreamId.ZERO)) {
            return false;
        }
        if (s.firstId().compareTo(s.maxDeletedId()) > 0) {
            return false;
        }
        return start.compareTo(s.maxDeletedId()) <= 0;
    }

    /** {@code streamEstimateDistanceFromFirstEverEntry}; -1 when unknown. */
    private static long distanceFromFirstEverEntry(StreamObject s, StreamId id) {
        if (s.entriesAdded() == 0) {
            return 0;
        }
        if (s.length() == 0 && id.compareTo(s.lastId()) < 1) {
            return s.entriesAdded();
        }
        int cmpLast = id.compareTo(s.lastId());
        if (cmpLast == 0) {
            return s.entriesAdded();
        } else if (cmpLast > 0) {
            return -1;
        }
        int cmpFirst = id.compareTo(s.firstId());
        if (s.maxDeletedId().equals(StreamId.ZERO) || s.maxDeletedId().compareTo(s.firstId()) < 0) {
            if (cmpFirst < 0) {
                return s.entriesAdded() - s.length();
            } else if (cmpFirst == 0) {
                return s.entriesAdded() - s.length() + 1;
            }
        }
        return -1;
    }

    private static void xinfoConsumers(Request r) {
        StreamObject s = existing(r);
        StreamObject.Group g = group(r, s, r.arg(3), "NOGROUP No such consumer group '" + r.argString(3)
                + "' for key name '" + r.argString(2) + "'");
        r.reply.array(g.consumers.size());
        for (StreamObject.Consumer c : g.consumers.values()) {
            r.reply.map(3);
            r.reply.bulk("name");
            r.reply.bulk(c.name);
            r.reply.bulk("pending");
            r.reply.integer(c.pel.size());
            r.reply.bulk("idle");
            r.reply.integer(Math.max(0, r.now - c.seenTime));
        }
    }

    /**
     * XINFO STREAM key [FULL [COUNT n]] ({@code xinfoReplyWithStreamInfo}). Redis's
     * radix-tree-keys/-nodes describe its own node layout (listpacks of up to 100 entries); they are
     * estimated from that rule here. FULL lists entries, and every group with its PEL and consumers
     * (each list cut at COUNT, default 10, 0 for all).
     */
    private static void xinfoStream(Request r) {
        StreamObject s = existing(r);
        int optc = r.argc() - 3;
        boolean full = optc > 0;
        long count = 10;
        if (full) {
            if ((optc != 1 && optc != 3) || !r.argIs(3, "FULL") || (optc == 3 && !r.argIs(4, "COUNT"))) {
                String sub = r.argString(1);
                throw new ReplyError("ERR unknown subcommand or wrong number of arguments for '"
                        + (sub.length() > 128 ? sub.substring(0, 128) : sub) + "'. Try "
                        + r.argString(0).toUpperCase(java.util.Locale.ROOT) + " HELP.");
            }
            if (optc == 3) {
                count = r.argLong(5);
                if (count < 0) {
                    count = 10;
                }
            }
        }
        long nodes = (s.length() + 99) / 100;
        r.reply.map(full ? 9 : 10);
        r.reply.bulk("length");
        r.reply.integer(s.length());
        r.reply.bulk("radix-tree-keys");
        r.reply.integer(nodes);
        r.reply.bulk("radix-tree-nodes");
        r.reply.integer(nodes + 1);
        r.reply.bulk("last-generated-id");
        r.reply.bulk(s.lastId().toString());
        r.reply.bulk("max-deleted-entry-id");
        r.reply.bulk(s.maxDeletedId().toString());
        r.reply.bulk("entries-added");
        r.reply.integer(s.entriesAdded());
        r.reply.bulk("recorded-first-entry-id");
        r.reply.bulk(s.firstId().toString());
        if (full) {
            xinfoStreamFull(r, s, count);
            return;
        }
        r.reply.bulk("groups");
        r.reply.integer(s.groups().size());
        r.reply.bulk("first-entry");
        if (s.length() == 0) {
            r.reply.nullBulk();
        } else {
            entry(r.reply, s.entries().firstKey(), s.entries().firstEntry().getValue());
        }
        r.reply.bulk("last-entry");
        if (s.length() == 0) {
            r.reply.nullBulk();
        } else {
            entry(r.reply, s.entries().lastKey(), s.entries().lastEntry().getValue());
        }
    }

    private static void xinfoStreamFull(Request r, StreamObject s, long count) {
        r.reply.bulk("entries");
        emitRange(r, s, StreamId.ZERO, MAX, count, false);
        r.reply.bulk("groups");
        r.reply.array(s.groups().size());
        for (StreamObject.Group g : s.groups().values()) {
            r.reply.map(7);
            r.reply.bulk("name");
            r.reply.bulk(g.name);
            groupPosition(r, s, g);
            r.reply.bulk("pel-count");
            r.reply.integer(g.pel.size());
            r.reply.bulk("pending");
            r.reply.array(count == 0 ? g.pel.size() : Math.min(count, g.pel.size()));
            long n = 0;
            for (Map.Entry<StreamId, StreamObject.Pending> e : g.pel.entrySet()) {
                if (count > 0 && n++ >= count) {
                    break;
                }
                r.reply.array(4);
                r.reply.bulk(e.getKey().toString());
                r.reply.bulk(e.getValue().consumer.name);
                r.reply.integer(e.getValue().deliveryTime);
                r.reply.integer(e.getValue().deliveryCount);
            }
            r.reply.bulk("consumers");
            r.reply.array(g.consumers.size());
            for (StreamObject.Consumer c : g.consumers.values()) {
                r.reply.map(4);
                r.reply.bulk("name");
                r.reply.bulk(c.name);
                r.reply.bulk("seen-time");
                r.reply.integer(c.seenTime);
                r.reply.bulk("pel-count");
                r.reply.integer(c.pel.size());
                r.reply.bulk("pending");
                r.reply.array(count == 0 ? c.pel.size() : Math.min(count, c.pel.size()));
                long m = 0;
                for (Map.Entry<StreamId, StreamObject.Pending> e : c.pel.entrySet()) {
                    if (count > 0 && m++ >= count) {
                        break;
                    }
                    r.reply.array(3);
                    r.reply.bulk(e.getKey().toString());
                    r.reply.integer(e.getValue().deliveryTime);
                    r.reply.integer(e.getValue().deliveryCount);
                }
            }
        }
    }
}
