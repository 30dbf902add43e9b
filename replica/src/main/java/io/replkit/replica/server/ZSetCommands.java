package io.replkit.replica.server;

import io.replkit.replica.data.SetObject;
import io.replkit.replica.data.Strtod;
import io.replkit.replica.data.ZSetAlgebra;
import io.replkit.replica.data.ZSetObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sorted-set reads: ZRANGE in all its forms (BYSCORE, BYLEX, REV, LIMIT, WITHSCORES) and the
 * older ZRANGEBYSCORE/ZRANGEBYLEX/ZREVRANGE*, ZSCORE ZMSCORE ZCARD ZCOUNT ZLEXCOUNT ZRANK
 * ZREVRANK ZRANDMEMBER ZSCAN. Argument checks follow {@code zrangeGenericCommand}'s order.
 */
final class ZSetCommands {
    private ZSetCommands() {
    }

    enum By { AUTO, RANK, SCORE, LEX }

    enum Direction { AUTO, FORWARD, REVERSE }

    static void register(CommandTable t) {
        t.read("zrange", -4, 1, 1, 1, r -> zrange(r, By.AUTO, Direction.AUTO));
        t.read("zrangebyscore", -4, 1, 1, 1, r -> zrange(r, By.SCORE, Direction.FORWARD));
        t.read("zrevrangebyscore", -4, 1, 1, 1, r -> zrange(r, By.SCORE, Direction.REVERSE));
        t.read("zrangebylex", -4, 1, 1, 1, r -> zrange(r, By.LEX, Direction.FORWARD));
        t.read("zrevrangebylex", -4, 1, 1, 1, r -> zrange(r, By.LEX, Direction.REVERSE));
        t.read("zrevrange", -4, 1, 1, 1, r -> zrange(r, By.RANK, Direction.REVERSE));
        t.read("zscore", 3, 1, 1, 1, r -> {
            ZSetObject z = r.lookup(r.arg(1), ZSetObject.class);
            Double s = z == null ? null : z.score(r.arg(2));
            if (s == null) {
                r.reply.nullBulk();
            } else {
                r.reply.dbl(s);
            }
        });
        t.read("zmscore", -3, 1, 1, 1, r -> {
            ZSetObject z = r.lookup(r.arg(1), ZSetObject.class);
            r.reply.array(r.argc() - 2);
            for (int i = 2; i < r.argc(); i++) {
                Double s = z == null ? null : z.score(r.arg(i));
                if (s == null) {
                    r.reply.nullBulk();
                } else {
                    r.reply.dbl(s);
                }
            }
        });
        t.read("zcard", 2, 1, 1, 1, r -> {
            ZSetObject z = r.lookup(r.arg(1), ZSetObject.class);
            r.reply.integer(z == null ? 0 : z.size());
        });
        t.read("zcount", 4, 1, 1, 1, r -> {
            ScoreRange range = ScoreRange.parse(r.arg(2), r.arg(3));
            ZSetObject z = r.lookup(r.arg(1), ZSetObject.class);
            r.reply.integer(z == null ? 0 : Math.max(0, range.last(z) - range.first(z) + 1));
        });
        t.read("zlexcount", 4, 1, 1, 1, r -> {
            LexRange range = LexRange.parse(r.arg(2), r.arg(3));
            ZSetObject z = r.lookup(r.arg(1), ZSetObject.class);
            r.reply.integer(z == null ? 0 : Math.max(0, range.last(z) - range.first(z) + 1));
        });
        t.read("zrank", 3, 1, 1, 1, r -> rank(r, false));
        t.read("zrevrank", 3, 1, 1, 1, r -> rank(r, true));
        t.read("zrandmember", -2, 1, 1, 1, ZSetCommands::zrandmember);
        t.read("zscan", -3, 1, 1, 1, ZSetCommands::zscan);
        t.read("zunion", -3, 0, 0, 0, r -> algebra(r, ZSetAlgebra.UNION, false));
        t.read("zinter", -3, 0, 0, 0, r -> algebra(r, ZSetAlgebra.INTER, false));
        t.read("zdiff", -3, 0, 0, 0, r -> algebra(r, ZSetAlgebra.DIFF, false));
        t.read("zintercard", -3, 0, 0, 0, r -> algebra(r, ZSetAlgebra.INTER, true));
    }

    /**
     * ZUNION/ZINTER/ZDIFF numkeys key... [WEIGHTS w...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES] and
     * ZINTERCARD numkeys key... [LIMIT n], checked in {@code zunionInterDiffGenericCommand}'s order:
     * numkeys, the keys' types, then the options.
     */
    private static void algebra(Request r, char op, boolean cardinalityOnly) {
        long numkeys = r.argLong(1);
        if (numkeys < 1) {
            throw new ReplyError("ERR at least 1 input key is needed for '" + r.argString(0).toLowerCase(java.util.Locale.ROOT)
                    + "' command");
        }
        if (numkeys > r.argc() - 2) {
            throw ReplyError.syntax();
        }
        int n = (int) numkeys;
        List<Object> inputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object v = r.lookup(r.arg(2 + i));
            if (v != null && !(v instanceof ZSetObject) && !(v instanceof SetObject)) {
                throw ReplyError.wrongType();
            }
            inputs.add(v);
        }
        double[] weights = new double[n];
        Arrays.fill(weights, 1.0);
        char agg = ZSetAlgebra.SUM;
        boolean withScores = false;
        long limit = 0;
        for (int j = 2 + n; j < r.argc(); ) {
            int remaining = r.argc() - j;
            if (op != ZSetAlgebra.DIFF && !cardinalityOnly && remaining >= n + 1 && r.argIs(j, "WEIGHTS")) {
                for (int i = 0; i < n; i++) {
                    weights[i] = RedisNumbers.parseDouble(r.arg(j + 1 + i), "ERR weight value is not a float");
                }
                j += n + 1;
            } else if (op != ZSetAlgebra.DIFF && !cardinalityOnly && remaining >= 2 && r.argIs(j, "AGGREGATE")) {
                if (r.argIs(j + 1, "SUM")) {
                    agg = ZSetAlgebra.SUM;
                } else if (r.argIs(j + 1, "MIN")) {
                    agg = ZSetAlgebra.MIN;
                } else if (r.argIs(j + 1, "MAX")) {
                    agg = ZSetAlgebra.MAX;
                } else {
                    throw ReplyError.syntax();
                }
                j += 2;
            } else if (!cardinalityOnly && r.argIs(j, "WITHSCORES")) {
                withScores = true;
                j++;
            } else if (cardinalityOnly && remaining >= 2 && r.argIs(j, "LIMIT")) {
                limit = ListCommands.positive(r, j + 1, "ERR LIMIT can't be negative");
                j += 2;
            } else {
                throw ReplyError.syntax();
            }
        }
        if (cardinalityOnly) {
            r.reply.integer(ZSetAlgebra.interCard(inputs, limit));
            return;
        }
        ZSetObject out = ZSetAlgebra.combine(op, inputs, weights, agg);
        emit(r, out, 0, out.size() - 1, false, withScores);
    }

    private static void rank(Request r, boolean reverse) {
        ZSetObject z = r.lookup(r.arg(1), ZSetObject.class);
        int rank = z == null ? -1 : z.rank(r.arg(2));
        if (rank < 0) {
            r.reply.nullBulk();
        } else {
            r.reply.integer(reverse ? z.size() - 1 - rank : rank);
        }
    }

    /** {@code zslParseRange}: "(x" exclusive, otherwise inclusive; strtod rules; never NaN. */
    record ScoreRange(double min, boolean minex, double max, boolean maxex) {
        static ScoreRange parse(byte[] min, byte[] max) {
            double[] a = new double[2];
            boolean[] ex = new boolean[2];
            byte[][] in = {min, max};
            for (int i = 0; i < 2; i++) {
                byte[] b = in[i];
                int off = b.length > 0 && b[0] == '(' ? 1 : 0;
                ex[i] = off == 1;
                a[i] = Strtod.parse(b, off, b.length - off);
                if (Double.isNaN(a[i])) {
                    throw new ReplyError("ERR min or max is not a float");
                }
            }
            return new ScoreRange(a[0], ex[0], a[1], ex[1]);
        }

        int first(ZSetObject z) {
            return z.rankOfScore(min, minex);
        }

        int last(ZSetObject z) {
            return z.rankOfScore(max, !maxex) - 1;
        }
    }

    /** {@code zslParseLexRange}: "-" and "+" for the ends, "[x" inclusive, "(x" exclusive. */
    record LexRange(byte[] min, boolean minex, byte[] max, boolean maxex) {
        static final byte[] MINUS = {};
        static final byte[] PLUS = {};

        static LexRange parse(byte[] min, byte[] max) {
            byte[][] in = {min, max};
            byte[][] items = new byte[2][];
            boolean[] ex = new boolean[2];
            for (int i = 0; i < 2; i++) {
                byte[] b = in[i];
                if (b.length == 1 && b[0] == '+') {
                    items[i] = PLUS;
                } else if (b.length == 1 && b[0] == '-') {
                    items[i] = MINUS;
                } else if (b.length >= 1 && (b[0] == '(' || b[0] == '[')) {
                    ex[i] = b[0] == '(';
                    items[i] = Arrays.copyOfRange(b, 1, b.length);
                } else {
                    throw new ReplyError("ERR min or max not valid string range item");
                }
            }
            return new LexRange(items[0], ex[0], items[1], ex[1]);
        }

        private static int rankOf(ZSetObject z, byte[] item, boolean exclusive) {
            return z.rankOfLex(item, exclusive, item == MINUS, item == PLUS);
        }

        int first(ZSetObject z) {
            return rankOf(z, min, minex);
        }

        int last(ZSetObject z) {
            return rankOf(z, max, !maxex) - 1;
        }
    }

    private static void zrange(Request r, By by, Direction dir) {
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = 4; j < r.argc(); j++) {
            int left = r.argc() - j - 1;
            if (r.argIs(j, "WITHSCORES")) {
                withScores = true;
            } else if (r.argIs(j, "LIMIT") && left >= 2) {
                offset = r.argLong(j + 1);
                limit = r.argLong(j + 2);
                j += 2;
            } else if (dir == Direction.AUTO && r.argIs(j, "REV")) {
                dir = Direction.REVERSE;
            } else if (by == By.AUTO && r.argIs(j, "BYLEX")) {
                by = By.LEX;
            } else if (by == By.AUTO && r.argIs(j, "BYSCORE")) {
                by = By.SCORE;
            } else {
                throw ReplyError.syntax();
            }
        }
        if (dir == Direction.AUTO) {
            dir = Direction.FORWARD;
        }
        if (by == By.AUTO) {
            by = By.RANK;
        }
        if (limit != -1 && by == By.RANK) {
            throw new ReplyError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && by == By.LEX) {
            throw new ReplyError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        boolean reverse = dir == Direction.REVERSE;
        int minIdx = 2;
        int maxIdx = 3;
        if (reverse && by != By.RANK) {
            minIdx = 3;
            maxIdx = 2;
        }
        long start = 0;
        long end = 0;
        ScoreRange scores = null;
        LexRange lex = null;
        switch (by) {
            case RANK -> {
                start = r.argLong(minIdx);
                end = r.argLong(maxIdx);
            }
            case SCORE -> scores = ScoreRange.parse(r.arg(minIdx), r.arg(maxIdx));
            case LEX -> lex = LexRange.parse(r.arg(minIdx), r.arg(maxIdx));
            default -> throw new IllegalStateException();
        }
        ZSetObject z = r.lookup(r.arg(1), ZSetObject.class);
        if (z == null) {
            r.reply.array(0);
            return;
        }
        int first;
        int last;
        if (by == By.RANK) {
            long len = z.size();
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
            // ranks are counted from the end in reverse
            first = reverse ? (int) (len - 1 - end) : (int) start;
            last = reverse ? (int) (len - 1 - start) : (int) end;
        } else {
            if (offset > 0 && offset >= z.size()) {
                r.reply.array(0);
                return;
            }
            first = by == By.SCORE ? scores.first(z) : lex.first(z);
            last = by == By.SCORE ? scores.last(z) : lex.last(z);
            long n = Math.max(0, last - first + 1);
            if (offset < 0) {
                n = 0; // Redis skips "offset--" times: a negative offset skips everything
            } else {
                n = Math.max(0, n - offset);
            }
            if (limit >= 0) {
                n = Math.min(n, limit);
            }
            if (n == 0) {
                r.reply.array(0);
                return;
            }
            if (reverse) {
                last -= (int) offset;
                first = (int) (last - n + 1);
            } else {
                first += (int) offset;
                last = (int) (first + n - 1);
            }
        }
        emit(r, z, first, last, reverse, withScores);
    }

    private static void emit(Request r, ZSetObject z, int first, int last, boolean reverse, boolean withScores) {
        int n = last - first + 1;
        boolean nested = withScores && r.reply.resp3();
        r.reply.array(withScores && !nested ? 2L * n : n);
        z.forEachInRankRange(first, last, reverse, (rank, m, s) -> {
            if (nested) {
                r.reply.array(2);
            }
            r.reply.bulk(m);
            if (withScores) {
                r.reply.dbl(s);
            }
            return true;
        });
    }

    private static void zrandmember(Request r) {
        if (r.argc() == 2) {
            ZSetObject z = r.lookup(r.arg(1), ZSetObject.class);
            if (z == null || z.size() == 0) {
                r.reply.nullBulk();
            } else {
                r.reply.bulk(z.memberAt(ThreadLocalRandom.current().nextInt(z.size())));
            }
            return;
        }
        RandomPicks.Count c = RandomPicks.parse(r, "WITHSCORES");
        ZSetObject z = r.lookup(r.arg(1), ZSetObject.class);
        if (z == null || c.count() == 0) {
            r.reply.array(0);
            return;
        }
        RandomPicks.reply(r, c.count(), z.size(), c.withPairs(), rank -> {
            r.reply.bulk(z.memberAt(rank));
            if (c.withPairs()) {
                r.reply.dbl(z.scoreAt(rank));
            }
        });
    }

    private static void zscan(Request r) {
        long cursor = KeyCommands.parseCursor(r, 2);
        ZSetObject z = r.lookup(r.arg(1), ZSetObject.class);
        if (z == null) {
            KeyCommands.scanReply(r, 0, List.of());
            return;
        }
        KeyCommands.ScanOptions o = KeyCommands.ScanOptions.parse(r, 3, false);
        List<byte[]> out = new ArrayList<>();
        // a listpack holds d2string's text (7.2+: fpconv); a skiplist's score prints with "%.17Lg"
        java.util.function.DoubleFunction<String> score = z.isPacked() && r.server.replication.fpconvDoubles()
                ? RedisDoubles::d2string72 : RedisDoubles::d2string;
        ZSetObject.EntryConsumer take = (m, s) -> {
            if (o.matches(m)) {
                out.add(m);
                out.add(score.apply(s).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        };
        if (!z.isIndexed()) {
            z.forEachInOrder(take);
            cursor = 0;
        } else {
            long steps = o.count * 10;
            do {
                cursor = z.scanStep(cursor, take);
            } while (cursor != 0 && steps-- > 0 && out.size() / 2 < o.count);
        }
        KeyCommands.scanReply(r, cursor, out);
    }
}
