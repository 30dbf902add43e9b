package io.replkit.replica.server;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;

/**
 * The count form of HRANDFIELD, ZRANDMEMBER and SRANDMEMBER, as in Redis's {@code t_hash.c},
 * {@code t_zset.c} and {@code t_set.c}: a positive count returns that many distinct elements (at most
 * all of them) in random order; a negative one returns |count| elements picked independently, so
 * repeats are possible. Positions are drawn here, the caller writes the element at each.
 */
final class RandomPicks {
    private RandomPicks() {
    }

    /** The count argument and whether the WITHVALUES/WITHSCORES word followed it. */
    record Count(long count, boolean withPairs) {
    }

    /** Parses {@code key count [WITH…]} with Redis's range errors. */
    static Count parse(Request r, String withWord) {
        long count = r.argLong(2);
        boolean withPairs = false;
        if (r.argc() == 4 && withWord != null && r.argIs(3, withWord)) {
            withPairs = true;
            if (count < -Long.MAX_VALUE / 2) {
                throw new ReplyError("ERR value is out of range");
            }
        } else if (r.argc() > 3) {
            throw ReplyError.syntax();
        } else if (count == Long.MIN_VALUE) {
            throw new ReplyError("ERR value is out of range, value must between -9223372036854775807 and "
                    + "9223372036854775807");
        }
        return new Count(count, withPairs);
    }

    /**
     * Writes the reply's array header and calls {@code element} with each picked position in
     * {@code [0, size)}; {@code size > 0}, {@code count != 0}. With pairs, {@code element} writes two
     * values: RESP3 nests each pair in its own array, RESP2 flattens them.
     */
    static void reply(Request r, long count, int size, boolean pairs, IntConsumer element) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        boolean nested = pairs && r.reply.resp3();
        long n = count < 0 ? -count : Math.min(count, size);
        r.reply.array(pairs && !nested ? 2 * n : n);
        if (count < 0) {
            // drawn while replying: a large negative count never builds a list of picks
            for (long i = 0; i < n; i++) {
                emit(r, nested, element, rnd.nextInt(size));
            }
            return;
        }
        // a partial Fisher-Yates shuffle of the positions: the first n end up distinct and random
        int[] positions = new int[size];
        for (int i = 0; i < size; i++) {
            positions[i] = i;
        }
        for (int i = 0; i < n; i++) {
            int j = i + rnd.nextInt(size - i);
            int p = positions[j];
            positions[j] = positions[i];
            positions[i] = p;
            emit(r, nested, element, p);
        }
    }

    private static void emit(Request r, boolean nested, IntConsumer element, int position) {
        if (nested) {
            r.reply.array(2);
        }
        element.accept(position);
    }
}
