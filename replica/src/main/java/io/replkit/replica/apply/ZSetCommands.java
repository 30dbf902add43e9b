package io.replkit.replica.apply;

import static io.replkit.replica.apply.KeyCommands.requireArgs;

import io.replkit.replica.data.EncodingRules;
import io.replkit.replica.data.SetObject;
import io.replkit.replica.data.ZSetAlgebra;
import io.replkit.replica.data.ZSetObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sorted-set writes (t_zset.c); GEOADD reaches replicas as ZADD. */
final class ZSetCommands {
    private ZSetCommands() {
    }

    static void register(Map<String, Command> t) {
        t.put("ZADD", ZSetCommands::zadd);
        t.put("ZINCRBY", (c, a) -> {
            requireArgs(a, 4);
            zadd(c, new byte[][] {a[0], a[1], Args.bytes("INCR"), a[2], a[3]});
        });
        t.put("ZREM", ZSetCommands::zrem);
        t.put("ZREMRANGEBYSCORE", (c, a) -> removeRange(c, a, 's'));
        t.put("ZREMRANGEBYRANK", (c, a) -> removeRange(c, a, 'r'));
        t.put("ZREMRANGEBYLEX", (c, a) -> removeRange(c, a, 'l'));
        t.put("ZPOPMIN", (c, a) -> pop(c, a, true));
        t.put("ZPOPMAX", (c, a) -> pop(c, a, false));
        t.put("BZPOPMIN", (c, a) -> bpop(c, a, true));
        t.put("BZPOPMAX", (c, a) -> bpop(c, a, false));
        t.put("ZMPOP", (c, a) -> mpop(c, a, 1));
        t.put("BZMPOP", (c, a) -> mpop(c, a, 2));
        t.put("ZUNIONSTORE", (c, a) -> combine(c, a, 'u'));
        t.put("ZINTERSTORE", (c, a) -> combine(c, a, 'i'));
        t.put("ZDIFFSTORE", (c, a) -> combine(c, a, 'd'));
        t.put("ZRANGESTORE", ZSetCommands::zrangestore);
    }

    /** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member ... */
    private static void zadd(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 4);
        boolean nx = false, xx = false, gt = false, lt = false, incr = false;
        int i = 2;
        for (; i < a.length; i++) {
            if (Args.is(a[i], "NX")) {
                nx = true;
            } else if (Args.is(a[i], "XX")) {
                xx = true;
            } else if (Args.is(a[i], "GT")) {
                gt = true;
            } else if (Args.is(a[i], "LT")) {
                lt = true;
            } else if (Args.is(a[i], "CH")) {
                continue;
            } else if (Args.is(a[i], "INCR")) {
                incr = true;
            } else {
                break;
            }
        }
        int pairs = a.length - i;
        if (pairs == 0 || pairs % 2 != 0) {
            throw CommandException.syntax();
        }
        if (nx && xx) {
            throw new CommandException("ERR XX and NX options at the same time are not compatible");
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw new CommandException("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && pairs > 2) {
            throw new CommandException("ERR INCR option supports a single increment-element pair");
        }
        double[] scores = new double[pairs / 2];
        for (int j = 0; j < scores.length; j++) {
            scores[j] = Args.parseDouble(a[i + 2 * j]);
        }
        EncodingRules rules = c.options.encodings();
        ZSetObject z = c.zset(a[1]);
        if (z == null) {
            if (xx) {
                return;
            }
            z = new ZSetObject();
            z.setPacked(rules.startsPacked(rules.zaddSizesBySetCount() ? scores.length : 1, a[i + 1].length));
            c.db().put(a[1], z);
        } else if (rules.zaddSizesBySetCount() && scores.length > rules.zsetMaxListpackEntries()) {
            z.setPacked(false); // zsetTypeMaybeConvert, before any pair is looked at
        }
        for (int j = 0; j < scores.length; j++) {
            byte[] m = a[i + 2 * j + 1];
            double score = scores[j];
            Double cur = z.score(m);
            if (cur != null) {
                if (nx) {
                    continue;
                }
                if (incr) {
                    score += cur;
                    if (Double.isNaN(score)) {
                        c.removeIfEmpty(a[1], z.size());
                        throw new CommandException("ERR resulting score is not a number (NaN)");
                    }
                }
                if ((lt && score >= cur) || (gt && score <= cur)) {
                    continue;
                }
                z.add(m, score, rules);
            } else if (!xx) {
                z.add(m, score, rules);
            }
        }
        c.removeIfEmpty(a[1], z.size());
    }

    private static void zrem(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 3);
        ZSetObject z = c.zset(a[1]);
        if (z == null) {
            return;
        }
        for (int i = 2; i < a.length; i++) {
            z.remove(a[i]);
        }
        c.removeIfEmpty(a[1], z.size());
    }

    /** A parsed score bound: {@code (5} is exclusive. */
    record ScoreBound(double value, boolean exclusive) {
        static ScoreBound parse(byte[] b) throws CommandException {
            boolean ex = b.length > 0 && b[0] == '(';
            Double v = Args.tryParseDouble(ex ? java.util.Arrays.copyOfRange(b, 1, b.length) : b);
            if (v == null) {
                throw new CommandException("ERR min or max is not a float");
            }
            return new ScoreBound(v, ex);
        }
    }

    /** A parsed lex bound: {@code -}, {@code +}, {@code [x} or {@code (x}. */
    record LexBound(byte[] value, boolean exclusive, boolean minusInf, boolean plusInf) {
        static LexBound parse(byte[] b) throws CommandException {
            if (b.length == 1 && b[0] == '-') {
                return new LexBound(null, false, true, false);
            } else if (b.length == 1 && b[0] == '+') {
                return new LexBound(null, false, false, true);
            } else if (b.length > 0 && (b[0] == '[' || b[0] == '(')) {
                return new LexBound(java.util.Arrays.copyOfRange(b, 1, b.length), b[0] == '(', false, false);
            }
            throw new CommandException("ERR min or max not valid string range item");
        }
    }

    /** [from, to) ranks of elements within score bounds. */
    static int[] scoreRange(ZSetObject z, ScoreBound min, ScoreBound max) {
        int from = z.rankOfScore(min.value, min.exclusive);
        int to = z.rankOfScore(max.value, !max.exclusive);
        return new int[] {from, Math.max(from, to)};
    }

    static int[] lexRange(ZSetObject z, LexBound min, LexBound max) {
        int from = min.plusInf ? z.size() : z.rankOfLex(min.value, min.exclusive, min.minusInf, false);
        int to = max.minusInf ? 0 : z.rankOfLex(max.value, !max.exclusive, false, max.plusInf);
        return new int[] {from, Math.max(from, to)};
    }

    private static void removeRange(ApplyContext c, byte[][] a, char by) throws CommandException {
        requireArgs(a, 4);
        int[] range;
        ZSetObject z;
        switch (by) {
            case 's' -> {
                ScoreBound min = ScoreBound.parse(a[2]);
                ScoreBound max = ScoreBound.parse(a[3]);
                z = c.zset(a[1]);
                if (z == null) {
                    return;
                }
                range = scoreRange(z, min, max);
            }
            case 'l' -> {
                LexBound min = LexBound.parse(a[2]);
                LexBound max = LexBound.parse(a[3]);
                z = c.zset(a[1]);
                if (z == null) {
                    return;
                }
                range = lexRange(z, min, max);
            }
            default -> {
                long start = Args.parseLong(a[2]);
                long end = Args.parseLong(a[3]);
                z = c.zset(a[1]);
                if (z == null) {
                    return;
                }
                long n = z.size();
                if (start < 0) {
                    start += n;
                }
                if (end < 0) {
                    end += n;
                }
                if (start < 0) {
                    start = 0;
                }
                if (start > end || start >= n) {
                    return;
                }
                if (end >= n) {
                    end = n - 1;
                }
                range = new int[] {(int) start, (int) end + 1};
            }
        }
        if (range[1] > range[0]) {
            z.removeRange(range[0], range[1] - 1);
        }
        c.removeIfEmpty(a[1], z.size());
    }

    private static void pop(ApplyContext c, byte[][] a, boolean min) throws CommandException {
        if (a.length != 2 && a.length != 3) {
            throw CommandException.arity(Args.text(a[0]));
        }
        long count = 1;
        if (a.length == 3) {
            count = Args.parseLong(a[2]);
            if (count < 0) {
                throw new CommandException("ERR value is out of range, must be positive");
            }
        }
        popCount(c, a[1], min, count);
    }

    private static void popCount(ApplyContext c, byte[] key, boolean min, long count) throws CommandException {
        ZSetObject z = c.zset(key);
        if (z == null || count == 0) {
            return;
        }
        int n = (int) Math.min(count, z.size());
        if (min) {
            z.removeRange(0, n - 1);
        } else {
            z.removeRange(z.size() - n, z.size() - 1);
        }
        c.removeIfEmpty(key, z.size());
    }

    private static void bpop(ApplyContext c, byte[][] a, boolean min) throws CommandException {
        requireArgs(a, 3);
        for (int i = 1; i < a.length - 1; i++) {
            if (c.zset(a[i]) != null) {
                popCount(c, a[i], min, 1);
                return;
            }
        }
    }

    private static void mpop(ApplyContext c, byte[][] a, int numkeysAt) throws CommandException {
        requireArgs(a, numkeysAt + 3);
        long numkeys = Args.parseLong(a[numkeysAt]);
        if (numkeys <= 0 || numkeysAt + 1 + numkeys >= a.length) {
            throw new CommandException("ERR numkeys should be greater than 0");
        }
        int w = numkeysAt + 1 + (int) numkeys;
        boolean min;
        if (Args.is(a[w], "MIN")) {
            min = true;
        } else if (Args.is(a[w], "MAX")) {
            min = false;
        } else {
            throw CommandException.syntax();
        }
        long count = a.length == w + 3 && Args.is(a[w + 1], "COUNT") ? Args.parseLong(a[w + 2]) : 1;
        for (int i = numkeysAt + 1; i < w; i++) {
            if (c.zset(a[i]) != null) {
                popCount(c, a[i], min, count);
                return;
            }
        }
    }

    /** ZUNIONSTORE / ZINTERSTORE / ZDIFFSTORE dest numkeys key... [WEIGHTS w...] [AGGREGATE SUM|MIN|MAX]. */
    private static void combine(ApplyContext c, byte[][] a, char op) throws CommandException {
        requireArgs(a, 4);
        long numkeys = Args.parseLong(a[2]);
        if (numkeys < 1) {
            throw new CommandException("ERR at least 1 input key is needed for '" + Args.text(a[0]).toLowerCase(java.util.Locale.ROOT) + "' command");
        }
        if (3 + numkeys > a.length) {
            throw CommandException.syntax();
        }
        double[] weights = new double[(int) numkeys];
        java.util.Arrays.fill(weights, 1.0);
        char agg = 's';
        for (int i = 3 + (int) numkeys; i < a.length; i++) {
            if (op != 'd' && Args.is(a[i], "WEIGHTS") && i + numkeys < a.length) {
                for (int j = 0; j < numkeys; j++) {
                    Double w = Args.tryParseDouble(a[i + 1 + j]);
                    if (w == null) {
                        throw new CommandException("ERR weight value is not a float");
                    }
                    weights[j] = w;
                }
                i += (int) numkeys;
            } else if (op != 'd' && Args.is(a[i], "AGGREGATE") && i + 1 < a.length) {
                i++;
                if (Args.is(a[i], "SUM")) {
                    agg = 's';
                } else if (Args.is(a[i], "MIN")) {
                    agg = 'n';
                } else if (Args.is(a[i], "MAX")) {
                    agg = 'x';
                } else {
                    throw CommandException.syntax();
                }
            } else {
                throw CommandException.syntax();
            }
        }
        List<Object> inputs = new ArrayList<>();
        for (int j = 0; j < numkeys; j++) {
            Object v = c.db().get(a[3 + j]);
            if (v != null && !(v instanceof ZSetObject) && !(v instanceof SetObject)) {
                throw CommandException.wrongType();
            }
            inputs.add(v);
        }
        ZSetObject out = ZSetAlgebra.combine(op, inputs, weights, agg);
        out.convertIfSmall(c.options.encodings());
        if (out.size() == 0) {
            c.db().remove(a[1]);
        } else {
            c.db().putClearingExpiry(a[1], out);
        }
    }

    /** ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]. */
    private static void zrangestore(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 5);
        boolean byScore = false, byLex = false, rev = false;
        long offset = 0, limit = -1;
        for (int i = 5; i < a.length; i++) {
            if (Args.is(a[i], "BYSCORE")) {
                byScore = true;
            } else if (Args.is(a[i], "BYLEX")) {
                byLex = true;
            } else if (Args.is(a[i], "REV")) {
                rev = true;
            } else if (Args.is(a[i], "LIMIT") && i + 2 < a.length) {
                offset = Args.parseLong(a[i + 1]);
                limit = Args.parseLong(a[i + 2]);
                i += 2;
            } else {
                throw CommandException.syntax();
            }
        }
        byte[] lo = rev ? a[4] : a[3];
        byte[] hi = rev ? a[3] : a[4];
        ZSetObject z = c.zset(a[2]);
        List<Integer> ranks = new ArrayList<>();
        if (byScore || byLex) {
            int[] range;
            if (byScore) {
                ScoreBound min = ScoreBound.parse(lo);
                ScoreBound max = ScoreBound.parse(hi);
                range = z == null ? new int[] {0, 0} : scoreRange(z, min, max);
            } else {
                LexBound min = LexBound.parse(lo);
                LexBound max = LexBound.parse(hi);
                range = z == null ? new int[] {0, 0} : lexRange(z, min, max);
            }
            if (offset >= 0) {
                int n = range[1] - range[0];
                for (long k = offset; k < n && (limit < 0 || k < offset + limit); k++) {
                    ranks.add(rev ? range[1] - 1 - (int) k : range[0] + (int) k);
                }
            }
        } else if (z != null) {
            long start = Args.parseLong(a[3]);
            long end = Args.parseLong(a[4]);
            long n = z.size();
            if (start < 0) {
                start += n;
            }
            if (end < 0) {
                end += n;
            }
            if (start < 0) {
                start = 0;
            }
            if (start <= end && start < n) {
                end = Math.min(end, n - 1);
                for (long r = start; r <= end; r++) {
                    ranks.add(rev ? (int) (n - 1 - r) : (int) r);
                }
            }
        }
        EncodingRules rules = c.options.encodings();
        ZSetObject out = new ZSetObject();
        // zrangeResultBeginStore: a rank range knows its count; BYSCORE/BYLEX do not, and start
        // a listpack (a skiplist on 7.2.0-7.2.4) that converts once it outgrows the limits
        if (byScore || byLex) {
            out.setPacked(!rules.unsizedRangeStoreSkiplist() && rules.startsPacked(0, 0));
        } else {
            out.setPacked(rules.startsPacked(ranks.size(), 0));
        }
        for (int r : ranks) {
            out.add(z.memberAt(r), z.scoreAt(r), rules);
        }
        if (out.size() == 0) {
            c.db().remove(a[1]);
        } else {
            c.db().putClearingExpiry(a[1], out);
        }
    }
}
