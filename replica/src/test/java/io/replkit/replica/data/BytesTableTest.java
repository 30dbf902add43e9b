package io.replkit.replica.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BytesTableTest {

    @Test
    void behavesLikeAHashMapThroughGrowthShrinkingAndBackwardShiftDeletes() {
        Random r = new Random(3);
        BytesTable t = new BytesTable(true, true, 0);
        Map<String, String> model = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            String k = "k" + r.nextInt(i < 100_000 ? 50_000 : 500);
            if (r.nextInt(3) > 0) {
                int s = t.insert(k.getBytes(), 7);
                t.setValueAt(s, "v" + i);
                model.put(k, "v" + i);
            } else {
                assertEquals(model.remove(k) != null, t.remove(k.getBytes()));
            }
        }
        assertEquals(model.size(), t.size());
        model.forEach((k, v) -> assertEquals(v, t.get(k.getBytes())));
        int seen = 0;
        for (int s = 0; s < t.capacity(); s++) {
            if (t.keyAt(s) != null) {
                seen++;
                assertEquals(7, t.auxAt(s));
            }
        }
        assertEquals(model.size(), seen);
        assertNull(t.get("absent".getBytes()));
    }
}
