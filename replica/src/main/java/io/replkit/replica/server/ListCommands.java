package io.replkit.replica.server;

import io.replkit.replica.data.ListObject;
import java.util.Arrays;

/** List reads: LRANGE LLEN LINDEX LPOS. */
final class ListCommands {
    private ListCommands() {
    }

    static void register(CommandTable t) {
        t.read("lrange", 4, 1, 1, 1, ListCommands::lrange);
        t.read("llen", 2, 1, 1, 1, r -> {
            ListObject l = r.lookup(r.arg(1), ListObject.class);
            r.reply.integer(l == null ? 0 : l.size());
        });
        t.read("lindex", 3, 1, 1, 1, ListCommands::lindex);
        t.read("lpos", -3, 1, 1, 1, ListCommands::lpos);
    }

    private static void lrange(Request r) {
        long start = r.argLong(2);
        long end = r.argLong(3);
        ListObject l = r.lookup(r.arg(1), ListObject.class);
        if (l == null) {
            r.reply.array(0);
            return;
        }
        long len = l.size();
        if (start < 0) {
            start += len;
        }
        if (end < 0) {
            end += len;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= len) {
            r.reply.array(0);
            return;
        }
        if (end >= len) {
            end = len - 1;
        }
        r.reply.array(end - start + 1);
        for (long i = start; i <= end; i++) {
            r.reply.bulk(l.get((int) i));
        }
    }

    private static void lindex(Request r) {
        ListObject l = r.lookup(r.arg(1), ListObject.class);
        if (l == null) {
            r.reply.nullBulk();
            return;
        }
        long index = r.argLong(2);
        if (index < 0) {
            index += l.size();
        }
        if (index < 0 || index >= l.size()) {
            r.reply.nullBulk();
        } else {
            r.reply.bulk(l.get((int) index));
        }
    }

    private static void lpos(Request r) {
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int j = 3; j < r.argc(); j++) {
            boolean more = r.argc() - 1 - j > 0;
            if (r.argIs(j, "RANK") && more) {
                rank = r.argLong(++j); // Long.MIN_VALUE is taken: negated it stays below every match count
                if (rank == 0) {
                    throw new ReplyError("ERR RANK can't be zero: use 1 to start from the first match, 2 from the "
                            + "second ... or use negative to start from the end of the list");
                }
            } else if (r.argIs(j, "COUNT") && more) {
                count = positive(r, ++j, "ERR COUNT can't be negative");
            } else if (r.argIs(j, "MAXLEN") && more) {
                maxlen = positive(r, ++j, "ERR MAXLEN can't be negative");
            } else {
                throw ReplyError.syntax();
            }
        }
        boolean fromTail = rank < 0;
        if (fromTail) {
            rank = -rank;
        }
        ListObject l = r.lookup(r.arg(1), ListObject.class);
        if (l == null) {
            if (count != -1) {
                r.reply.array(0);
            } else {
                r.reply.nullBulk();
            }
            return;
        }
        byte[] element = r.arg(2);
        int len = l.size();
        long matches = 0;
        java.util.List<Long> found = new java.util.ArrayList<>();
        for (long index = 0; index < len && (maxlen == 0 || index < maxlen); index++) {
            int pos = (int) (fromTail ? len - 1 - index : index);
            if (Arrays.equals(l.get(pos), element)) {
                matches++;
                if (matches >= rank) {
                    found.add((long) pos);
                    if (count == -1 || (count != 0 && matches - rank + 1 >= count)) {
                        break;
                    }
                }
            }
        }
        if (count != -1) {
            r.reply.array(found.size());
            found.forEach(r.reply::integer);
        } else if (found.isEmpty()) {
            r.reply.nullBulk();
        } else {
            r.reply.integer(found.get(0));
        }
    }

    /** {@code getPositiveLongFromObjectOrReply}: an integer &ge; 0, else {@code negativeError}. */
    static long positive(Request r, int i, String negativeError) {
        long v = r.argLong(i);
        if (v < 0) {
            throw new ReplyError(negativeError);
        }
        return v;
    }
}
