package io.replkit.replica.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code zunionInterDiffGenericCommand}'s computation, shared by ZUNIONSTORE & co (applied) and
 * ZUNION/ZINTER/ZDIFF/ZINTERCARD (served). Inputs are sorted sets, sets (members score 1) or
 * null for a missing key. The float details follow t_zset.c: a weighted score that is NaN
 * (inf times 0) becomes 0, except in ZINTER's later inputs, where MIN and MAX compare like C
 * and so keep the accumulated value on a NaN or on a tie of 0 and -0.
 */
public final class ZSetAlgebra {
    public static final char UNION = 'u';
    public static final char INTER = 'i';
    public static final char DIFF = 'd';
    public static final char SUM = 's';
    public static final char MIN = 'n';
    public static final char MAX = 'x';

    private ZSetAlgebra() {
    }

    private record Source(ZSetObject zset, SetObject set, double weight) {
        int size() {
            return zset != null ? zset.size() : set != null ? set.size() : 0;
        }

        void forEach(ZSetObject.EntryConsumer action) {
            if (zset != null) {
                zset.forEachInOrder(action);
            } else if (set != null) {
                set.forEach(m -> action.accept(m, 1.0));
            }
        }

        Double score(byte[] m) {
            if (zset != null) {
                return zset.score(m);
            }
            return set != null && set.contains(m) ? 1.0 : null;
        }
    }

    /** {@code zunionInterAggregate}. */
    static double aggregate(char agg, double acc, double v) {
        return switch (agg) {
            case MIN -> v < acc ? v : acc;
            case MAX -> v > acc ? v : acc;
            default -> {
                double s = acc + v;
                yield Double.isNaN(s) ? 0.0 : s;
            }
        };
    }

    private static double weighted(double score, double weight) {
        double v = score * weight;
        return Double.isNaN(v) ? 0.0 : v;
    }

    private static List<Source> sources(List<Object> inputs, double[] weights) {
        List<Source> src = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Object v = inputs.get(i);
            src.add(new Source(v instanceof ZSetObject z ? z : null, v instanceof SetObject s ? s : null, weights[i]));
        }
        return src;
    }

    /** The result as an unpacked sorted set (callers decide its encoding). */
    public static ZSetObject combine(char op, List<Object> inputs, double[] weights, char agg) {
        List<Source> src = sources(inputs, weights);
        ZSetObject out = new ZSetObject();
        out.setPacked(false);
        if (op == DIFF) {
            Source first = src.get(0);
            first.forEach((m, s) -> {
                for (int j = 1; j < src.size(); j++) {
                    if (src.get(j).score(m) != null) {
                        return;
                    }
                }
                out.put(m, s);
            });
            return out;
        }
        // Redis sorts the inputs by size and aggregates in that order (the stable sort matches
        // its qsort for the sizes that differ; equal sizes keep the argument order)
        List<Source> sorted = new ArrayList<>(src);
        sorted.sort(Comparator.comparingInt(Source::size));
        if (op == INTER) {
            Source first = sorted.get(0);
            first.forEach((m, s) -> {
                double score = weighted(s, first.weight);
                for (int j = 1; j < sorted.size(); j++) {
                    Double o = sorted.get(j).score(m);
                    if (o == null) {
                        return;
                    }
                    score = aggregate(agg, score, o * sorted.get(j).weight);
                }
                out.put(m, score);
            });
        } else {
            Map<Key, double[]> acc = new LinkedHashMap<>();
            for (Source s : sorted) {
                s.forEach((m, sc) -> {
                    double v = weighted(sc, s.weight);
                    double[] cur = acc.get(new Key(m));
                    if (cur == null) {
                        acc.put(new Key(m), new double[] {v});
                    } else {
                        cur[0] = aggregate(agg, cur[0], v);
                    }
                });
            }
            acc.forEach((k, v) -> out.put(k.bytes, v[0]));
        }
        return out;
    }

    /** ZINTERCARD: members in every input, counting up to {@code limit} (0: no limit). */
    public static long interCard(List<Object> inputs, long limit) {
        double[] ones = new double[inputs.size()];
        Arrays.fill(ones, 1.0);
        List<Source> sorted = new ArrayList<>(sources(inputs, ones));
        sorted.sort(Comparator.comparingInt(Source::size));
        long[] n = {0};
        sorted.get(0).forEach((m, s) -> {
            if (limit > 0 && n[0] >= limit) {
                return;
            }
            for (int j = 1; j < sorted.size(); j++) {
                if (sorted.get(j).score(m) == null) {
                    return;
                }
            }
            n[0]++;
        });
        return n[0];
    }

    /** A byte[] usable as a map key. */
    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
