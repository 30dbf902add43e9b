package io.replkit.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a sorted-set score of -0 survives or becomes 0 on a real master (7.0+ listpacks store
 * integral scores as integers; skiplists keep the sign), the replica must end with the same
 * bytes: DEBUG DIGEST prints the score, so "-0" and "0" digest differently.
 */
@RedisConfig({"repl-diskless-sync no", "appendonly no"})
class SortedSetNegativeZeroIT {
    /** Longer than zset-max-listpack-value: a set holding it is a skiplist. */
    private static final String LONG = "m" + "x".repeat(70);

    @RedisTest
    void aggregateMinAndMaxKeepTheFirstInputOnATieOfZeroAndMinusZero(RedisServer master) throws Exception {
        try (ReplicaUnderTest replica = new ReplicaUnderTest(master)) {
            var c = replica.client;
            c.call("ZADD", "src", "0", "m", "1", LONG);
            int n = 0;
            for (String weights : List.of("1 -1", "-1 1")) {
                for (String agg : List.of("MIN", "MAX")) {
                    for (String cmd : List.of("ZUNIONSTORE", "ZINTERSTORE")) {
                        List<Object> args = new ArrayList<>(List.of(cmd, "dst" + n++, "2", "src", "src", "WEIGHTS"));
                        args.addAll(List.of(weights.split(" ")));
                        args.addAll(List.of("AGGREGATE", agg));
                        c.call(args.toArray());
                    }
                }
            }
            replica.assertSameAsMaster();
            // the first input decides: weight 1 first keeps 0, weight -1 first keeps -0
            assertEquals("0", new String((byte[]) c.call("ZSCORE", "dst0", "m")));
            assertEquals("-0", new String((byte[]) c.call("ZSCORE", "dst4", "m")));
        }
    }

    @RedisTest
    void rangeStoreByScoreStartsAListpackThatLosesTheSignOfEarlyZeros(RedisServer master) throws Exception {
        try (ReplicaUnderTest replica = new ReplicaUnderTest(master)) {
            var c = replica.client;
            List<Object> big = new ArrayList<>(List.of("ZADD", "big"));
            for (int i = 1; i <= 200; i++) {
                big.add(Integer.toString(i));
                big.add("m" + i);
            }
            c.call(big.toArray());
            c.call("ZADD", "big", "-0", "zero");
            c.call("ZADD", "mixed", "1", LONG);
            c.call("ZADD", "mixed", "-0", "zero");
            c.call("ZRANGESTORE", "byrank", "big", "0", "-1");
            c.call("ZRANGESTORE", "byscore", "big", "-inf", "+inf", "BYSCORE");
            c.call("ZRANGESTORE", "byscorerev", "big", "+inf", "-inf", "BYSCORE", "REV");
            c.call("ZRANGESTORE", "bylex", "big", "-", "+", "BYLEX");
            c.call("ZRANGESTORE", "limited", "big", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "5");
            c.call("ZRANGESTORE", "short", "mixed", "-inf", "+inf", "BYSCORE");
            c.call("ZUNIONSTORE", "union", "1", "big");
            c.call("ZDIFFSTORE", "diff", "1", "mixed");
            c.call("COPY", "mixed", "copied");
            c.call("ZINCRBY", "mixed", "-0", "zero");
            replica.assertSameAsMaster();
        }
    }

    @RedisTest
    void zaddCreatingASetWithALongMemberAfterAZeroMatchesTheMastersEncoding(RedisServer master) throws Exception {
        try (ReplicaUnderTest replica = new ReplicaUnderTest(master)) {
            var c = replica.client;
            c.call("ZADD", "first-short", "-0", "a", "1", LONG);
            c.call("ZADD", "first-long", "1", LONG, "-0", "a");
            c.call(pairs("many", "-0").toArray()); // 201 pairs, the first a zero: 7.2+ starts a skiplist
            c.call("ZADD", "grown", "5", "b");
            c.call(pairs("grown", "-0").toArray()); // 7.2+ converts before adding: "a" keeps -0
            replica.assertSameAsMaster();
        }
    }

    /** ZADD key, then "a" at {@code firstScore} and 200 more members. */
    private static List<Object> pairs(String key, String firstScore) {
        List<Object> args = new ArrayList<>(List.of("ZADD", key, firstScore, "a"));
        for (int i = 1; i <= 200; i++) {
            args.add(Integer.toString(i));
            args.add("m" + i);
        }
        return args;
    }
}
