package io.replkit.cli.rdbfile;

import io.replkit.cli.UsageException;
import io.replkit.rdb.cluster.KeySlot;
import java.util.ArrayList;
import java.util.List;

/** Hash slot ranges for rdb-split: given as {@code A-B} lists, or an even split over N nodes. */
record SlotRanges(List<int[]> ranges) {

    /** {@code "0-5460,5461-10922"} items (a single slot as {@code "7"}), no overlaps. */
    static SlotRanges parse(List<String> specs) {
        List<int[]> out = new ArrayList<>();
        boolean[] taken = new boolean[KeySlot.SLOTS];
        for (String spec : specs) {
            for (String item : spec.split(",")) {
                String s = item.trim();
                int dash = s.indexOf('-');
                int from;
                int to;
                try {
                    from = Integer.parseInt(dash < 0 ? s : s.substring(0, dash).trim());
                    to = dash < 0 ? from : Integer.parseInt(s.substring(dash + 1).trim());
                } catch (NumberFormatException e) {
                    throw new UsageException("--slots takes ranges like 0-5460, not '" + s + "'");
                }
                if (from < 0 || to >= KeySlot.SLOTS || from > to) {
                    throw new UsageException("--slots range " + s + " is not within 0-16383 in ascending order");
                }
                for (int slot = from; slot <= to; slot++) {
                    if (taken[slot]) {
                        throw new UsageException("--slots ranges overlap at slot " + slot);
                    }
                    taken[slot] = true;
                }
                out.add(new int[] {from, to});
            }
        }
        return new SlotRanges(out);
    }

    /**
     * The 16384 slots split evenly over {@code nodes}, rounding each boundary as redis-cli's
     * cluster create does (3 nodes: 0-5460, 5461-10922, 10923-16383).
     */
    static SlotRanges even(int nodes) {
        if (nodes < 1 || nodes > KeySlot.SLOTS) {
            throw new UsageException("--nodes takes 1 to 16384");
        }
        List<int[]> out = new ArrayList<>();
        double perNode = (double) KeySlot.SLOTS / nodes;
        double cursor = 0;
        int first = 0;
        for (int i = 0; i < nodes; i++) {
            int last = (int) Math.round(cursor + perNode - 1);
            if (last > KeySlot.SLOTS - 1 || i == nodes - 1) {
                last = KeySlot.SLOTS - 1;
            }
            if (last < first) {
                last = first;
            }
            out.add(new int[] {first, last});
            first = last + 1;
            cursor += perNode;
        }
        return new SlotRanges(out);
    }

    /** For each slot, the index of its range, or -1. */
    int[] bySlot() {
        int[] map = new int[KeySlot.SLOTS];
        java.util.Arrays.fill(map, -1);
        for (int i = 0; i < ranges.size(); i++) {
            for (int s = ranges.get(i)[0]; s <= ranges.get(i)[1]; s++) {
                map[s] = i;
            }
        }
        return map;
    }

    static String fileName(int[] range) {
        return "slots-" + range[0] + "-" + range[1] + ".rdb";
    }
}
