package io.replkit.replica.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SCAN's promise over the keyspace table: every key present for the whole scan is returned. */
class BytesTableScanTest {

    private static byte[] key(int i) {
        return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void returnsEveryKeyPresentThroughoutWhileTheTableGrowsAndShrinks() {
        Random rnd = new Random(7);
        for (int round = 0; round < 20; round++) {
            Db db = new Db(0);
            Set<String> stable = new HashSet<>();
            for (int i = 0; i < 2000; i++) {
                db.put(key(i), "v");
                stable.add("key:" + i);
            }
            Set<String> seen = new HashSet<>();
            int next = 100_000;
            long cursor = 0;
            int steps = 0;
            do {
                cursor = db.scanStep(cursor, (k, v, e) -> seen.add(new String(k, StandardCharsets.US_ASCII)));
                // churn between steps: add many keys (the table doubles), then remove them (it shrinks)
                if (steps % 3 == 0) {
                    for (int j = 0; j < 500; j++) {
                        db.put(key(next++), "x");
                    }
                } else if (steps % 3 == 2) {
                    for (int j = next - 500; j < next; j++) {
                        db.remove(key(j));
                    }
                }
                if (rnd.nextInt(4) == 0) { // and remove some stable keys (they may or may not be returned)
                    int victim = rnd.nextInt(2000);
                    if (db.remove(key(victim))) {
                        stable.remove("key:" + victim);
                    }
                }
                steps++;
            } while (cursor != 0);
            Set<String> missing = new HashSet<>(stable);
            missing.removeAll(seen);
            assertTrue(missing.isEmpty(), "round " + round + ": never returned " + missing);
        }
    }

    @Test
    void aScanOfAQuietTableVisitsEachKeyExactlyOnce() {
        Db db = new Db(0);
        for (int i = 0; i < 5000; i++) {
            db.put(key(i), "v");
        }
        int[] visits = {0};
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        do {
            cursor = db.scanStep(cursor, (k, v, e) -> {
                visits[0]++;
                seen.add(new String(k, StandardCharsets.US_ASCII));
            });
        } while (cursor != 0);
        assertTrue(visits[0] == 5000 && seen.size() == 5000, visits[0] + " visits, " + seen.size() + " keys");
    }
}
