package io.replkit.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.replkit.rdb.Printable;
import io.replkit.replica.data.Dataset;
import io.replkit.replica.data.Db;
import io.replkit.replica.digest.DatasetDigest;
import io.replkit.testkit.TestRedisClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Compares a dataset with a real server through DEBUG DIGEST and DEBUG DIGEST-VALUE. */
final class DigestOracle {
    private DigestOracle() {
    }

    static String serverDigest(TestRedisClient c) {
        return c.callString("DEBUG", "DIGEST");
    }

    /**
     * Asserts the dataset digest equals the server's; when it does not, finds the keys whose
     * values differ (or exist on one side only) and fails naming them.
     */
    static void assertSameAsServer(Dataset ds, TestRedisClient c, boolean fieldExpiryMarks) {
        DatasetDigest digest = new DatasetDigest(fieldExpiryMarks);
        String mine = DatasetDigest.hex(digest.dataset(ds));
        String theirs = serverDigest(c);
        if (mine.equals(theirs)) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (int db = 0; db < ds.databases(); db++) {
            c.call("SELECT", db);
            Db d = ds.db(db);
            @SuppressWarnings("unchecked")
            List<Object> keys = (List<Object>) c.call("KEYS", "*");
            for (Object k : keys) {
                byte[] key = (byte[]) k;
                String server = serverValueDigest(c, key);
                String local = DatasetDigest.hex(digest.value(d, key));
                if (!server.equals(local)) {
                    problems.add("db " + db + " key \"" + Printable.escape(key, 80) + "\": server " + server
                        + " replica " + local + (d.get(key) == null ? " (missing on the replica)" : "")
                        + zsetDifference(c, d, key));
                }
            }
            for (byte[] key : d.keys()) {
                if (keys.stream().noneMatch(k -> Arrays.equals((byte[]) k, key))) {
                    problems.add("db " + db + " key \"" + Printable.escape(key, 80) + "\" only on the replica");
                }
            }
        }
        c.call("SELECT", 0);
        fail("DEBUG DIGEST: server " + theirs + ", replica " + mine + "; " + problems.size()
            + " keys differ: " + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
    }

    /** For a sorted set, the first member whose score differs (diagnostics). */
    private static String zsetDifference(TestRedisClient c, Db d, byte[] key) {
        if (!(d.get(key) instanceof io.replkit.replica.data.ZSetObject z)) {
            return "";
        }
        List<?> server = (List<?>) c.call("ZRANGE", key, 0, -1, "WITHSCORES");
        StringBuilder sb = new StringBuilder(" [server " + server.size() / 2 + " members, replica " + z.size());
        for (int i = 0; i < server.size(); i += 2) {
            byte[] m = (byte[]) server.get(i);
            String score = new String((byte[]) server.get(i + 1), StandardCharsets.US_ASCII);
            Double mine = z.score(m);
            if (mine == null || !io.replkit.replica.digest.ScoreFormat.percent17g(mine).equals(score)) {
                sb.append("; first difference: ").append(Printable.escape(m, 40)).append(" server ").append(score)
                    .append(" replica ").append(mine == null ? "absent" : io.replkit.replica.digest.ScoreFormat.percent17g(mine));
                break;
            }
        }
        return sb.append(']').toString();
    }

    /** DEBUG DIGEST-VALUE of one key (the reply is an array with one digest per key). */
    static String serverValueDigest(TestRedisClient c, byte[] key) {
        Object reply = ((List<?>) c.call("DEBUG", "DIGEST-VALUE", key)).get(0);
        return reply instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII) : reply.toString();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void assertEqualDigest(String expected, String actual, String what) {
        assertEquals(expected, actual, what);
    }
}
