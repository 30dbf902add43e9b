package io.replkit.replica.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.replica.data.Dataset;
import io.replkit.replica.data.ZSetObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The encoding a new sorted set starts in decides whether a -0 score survives (7.0+ listpacks
 * store it as the integer 0). The 7.2 rules cannot meet a real server here (the machine has 6.2
 * and 7.0), so they are checked against the t_zset.c behaviour they describe.
 */
class ZSetEncodingByVersionTest {

    private static Dataset apply(ApplierOptions options, List<String>... commands) throws CommandException {
        Dataset ds = new Dataset();
        CommandApplier applier = new CommandApplier(ds, () -> 1_000_000L, options, (ch, m, sharded) -> { });
        for (List<String> cmd : commands) {
            byte[][] argv = cmd.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
            applier.apply(argv);
        }
        return ds;
    }

    private static List<String> zaddMany(String key) {
        List<String> args = new ArrayList<>(List.of("ZADD", key, "-0", "a"));
        for (int i = 1; i <= 200; i++) {
            args.add(Integer.toString(i));
            args.add("m" + i);
        }
        return args;
    }

    private static ZSetObject zset(Dataset ds, String key) {
        return (ZSetObject) ds.db(0).get(key.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean negativeZero(double d) {
        return Double.doubleToRawLongBits(d) == Double.doubleToRawLongBits(-0.0);
    }

    @Test
    void zaddOfMorePairsThanTheListpackLimitKeepsMinusZeroFrom72On() throws Exception {
        Dataset v70 = apply(ApplierOptions.forVersion(7, 0, 15), zaddMany("z"));
        Dataset v72 = apply(ApplierOptions.forVersion(7, 2, 4), zaddMany("z"));
        assertFalse(negativeZero(zset(v70, "z").score("a".getBytes())), "7.0 starts a listpack: a is stored as 0");
        assertTrue(negativeZero(zset(v72, "z").score("a".getBytes())), "7.2 starts a skiplist: a stays -0");
    }

    @Test
    void zaddOfManyPairsConvertsAnExistingListpackFirstFrom72On() throws Exception {
        Dataset v72 = apply(ApplierOptions.forVersion(7, 2, 0), List.of("ZADD", "z", "5", "b"), zaddMany("z"));
        Dataset v70 = apply(ApplierOptions.forVersion(7, 0, 15), List.of("ZADD", "z", "5", "b"), zaddMany("z"));
        assertTrue(negativeZero(zset(v72, "z").score("a".getBytes())));
        assertFalse(negativeZero(zset(v70, "z").score("a".getBytes())));
    }

    @Test
    void rangeStoreByScoreStartsASkiplistOnlyFrom720To724() throws Exception {
        List<String> src = List.of("ZADD", "src", "1", "m" + "x".repeat(70));
        List<String> zero = List.of("ZADD", "src", "-0", "a");
        List<String> store = List.of("ZRANGESTORE", "dst", "src", "-inf", "+inf", "BYSCORE");
        for (int patch : new int[] {0, 4}) {
            Dataset ds = apply(ApplierOptions.forVersion(7, 2, patch), src, zero, store);
            assertTrue(negativeZero(zset(ds, "dst").score("a".getBytes())), "7.2." + patch);
        }
        for (int[] v : new int[][] {{7, 0, 15}, {7, 2, 5}, {7, 4, 0}}) {
            Dataset ds = apply(ApplierOptions.forVersion(v[0], v[1], v[2]), src, zero, store);
            assertFalse(negativeZero(zset(ds, "dst").score("a".getBytes())), v[0] + "." + v[1] + "." + v[2]);
            assertEquals(2, zset(ds, "dst").size());
        }
    }
}
