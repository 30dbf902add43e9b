package io.replkit.replica.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The chunked sorted set against a plain TreeSet model, through chunk splits and merges. */
class ZSetObjectTest {
    private record E(String m, double s) {
    }

    private static final Comparator<E> ORDER = (a, b) -> ZSetObject.compare(a.s, a.m.getBytes(), b.s, b.m.getBytes());

    @Test
    void randomOperationsKeepOrderRanksAndScoresOfAModel() {
        Random r = new Random(7);
        ZSetObject z = new ZSetObject();
        TreeSet<E> model = new TreeSet<>(ORDER);
        Map<String, Double> scores = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            String m = "m" + r.nextInt(i < 25_000 ? 3000 : 100);
            int op = r.nextInt(10);
            if (op < 6) {
                double s = r.nextInt(50);
                z.put(m.getBytes(), s);
                Double old = scores.put(m, s);
                if (old != null) {
                    model.remove(new E(m, old));
                }
                model.add(new E(m, s));
            } else if (op < 9) {
                Double old = scores.remove(m);
                z.remove(m.getBytes());
                if (old != null) {
                    model.remove(new E(m, old));
                }
            } else if (z.size() > 0) {
                int from = r.nextInt(z.size());
                int to = Math.min(z.size() - 1, from + r.nextInt(5));
                List<E> all = new ArrayList<>(model);
                for (E e : all.subList(from, to + 1)) {
                    model.remove(e);
                    scores.remove(e.m);
                }
                z.removeRange(from, to);
            }
            if (i % 5000 == 0 || i == 49_999) {
                assertEquals(model.size(), z.size());
                List<E> all = new ArrayList<>(model);
                for (int k = 0; k < all.size(); k++) {
                    assertEquals(all.get(k).m, new String(z.memberAt(k)));
                    assertEquals(all.get(k).s, z.scoreAt(k));
                    assertEquals(k, z.rank(all.get(k).m.getBytes()));
                }
                long below = model.stream().filter(e -> e.s < 25).count();
                assertEquals(below, z.rankOfScore(25, false));
                assertEquals(model.stream().filter(e -> e.s <= 25).count(), z.rankOfScore(25, true));
            }
        }
        assertEquals(scores.keySet(), new TreeSet<>(Arrays.stream(toMembers(z)).toList()));
    }

    private static String[] toMembers(ZSetObject z) {
        List<String> out = new ArrayList<>();
        z.forEachInOrder((m, s) -> out.add(new String(m)));
        return out.toArray(new String[0]);
    }
}
