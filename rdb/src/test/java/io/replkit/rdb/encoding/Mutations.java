package io.replkit.rdb.encoding;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.replkit.rdb.RdbFormatException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

/**
 * Fuzz support: random mutations of a valid blob (byte changes, truncations, insertions,
 * deletions), each optionally repaired so that its header still states the new length and it
 * still ends in 0xFF, which lets mutations reach past the header checks into the entries.
 */
final class Mutations {
    /** Reads a whole blob, throwing only RdbFormatException for bad input. */
    interface Walker {
        void walk(byte[] buf, int off, int len) throws RdbFormatException;
    }

    /** Makes a mutated blob's header agree with its new length; may do nothing. */
    interface Repair {
        void repair(byte[] blob);
    }

    private Mutations() {
    }

    /** Repair for listpacks and ziplists: total length LE at 0, 0xFF at the end. */
    static void repairTotalAndEnd(byte[] blob) {
        if (blob.length >= 4) {
            ListpackBuilder.putLE(blob, 0, blob.length, 4);
        }
        if (blob.length >= 1) {
            blob[blob.length - 1] = (byte) 0xFF;
        }
    }

    static byte[] mutate(byte[] valid, Random r, Repair repair) {
        byte[] b;
        switch (r.nextInt(5)) {
            case 0: { // change 1 to 4 bytes
                b = valid.clone();
                int n = 1 + r.nextInt(4);
                for (int i = 0; i < n && b.length > 0; i++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                break;
            }
            case 1: // truncate
                b = Arrays.copyOf(valid, r.nextInt(valid.length + 1));
                break;
            case 2: { // insert a byte
                int at = r.nextInt(valid.length + 1);
                b = new byte[valid.length + 1];
                System.arraycopy(valid, 0, b, 0, at);
                b[at] = (byte) r.nextInt(256);
                System.arraycopy(valid, at, b, at + 1, valid.length - at);
                break;
            }
            case 3: { // delete a run of bytes
                int at = r.nextInt(valid.length);
                int n = Math.min(1 + r.nextInt(8), valid.length - at);
                b = new byte[valid.length - n];
                System.arraycopy(valid, 0, b, 0, at);
                System.arraycopy(valid, at + n, b, at, valid.length - at - n);
                break;
            }
            default: { // flip single bits
                b = valid.clone();
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n && b.length > 0; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
                break;
            }
        }
        if (r.nextBoolean()) {
            repair.repair(b);
        }
        return b;
    }

    /**
     * Walks {@code iterations} mutations of {@code valid} (also placed at a random offset inside
     * a larger array), failing on any exception but RdbFormatException or after 60 seconds.
     *
     * @return how many mutations were rejected with RdbFormatException
     */
    static int fuzz(byte[] valid, int iterations, long seed, Repair repair, Walker walker) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random r = new Random(seed);
            int rejected = 0;
            for (int i = 0; i < iterations; i++) {
                byte[] m = mutate(valid, r, repair);
                int pad = r.nextInt(4);
                byte[] host = new byte[m.length + 2 * pad];
                r.nextBytes(host);
                System.arraycopy(m, 0, host, pad, m.length);
                try {
                    walker.walk(host, pad, m.length);
                } catch (RdbFormatException expected) {
                    rejected++;
                    if (expected.offset() < 0 || expected.offset() > m.length) {
                        fail("offset " + expected.offset() + " outside the blob of " + m.length + " bytes: "
                                + expected.getMessage());
                    }
                } catch (RuntimeException | Error e) {
                    throw new AssertionError("mutation " + i + " " + Arrays.toString(m) + " threw " + e, e);
                }
            }
            return rejected;
        });
    }
}
