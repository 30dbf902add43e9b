package io.replkit.rdb.memory;

/**
 * Allocation arithmetic of a 64-bit Redis on jemalloc 5, which is what {@code zmalloc_size()}
 * and therefore {@code MEMORY USAGE} see.
 *
 * <p><b>Size classes.</b> jemalloc serves every request from a size class and the whole class is
 * used. Above 32 bytes there are four classes per doubling: a request in {@code (2^k, 2^(k+1)]}
 * is rounded up to a multiple of {@code 2^(k-2)} ({@code ..., 112, 128, 160, 192, 224, 256, 320,
 * ...}), and the same spacing continues through the large classes. Below that the spacing is the
 * <em>quantum</em>, which depends on how jemalloc was built:
 * <ul>
 *   <li>8 bytes ({@link #REDIS_JEMALLOC}): the jemalloc bundled with Redis, configured with
 *       {@code --with-lg-quantum=3} ({@code deps/Makefile}); used by builds from source and the
 *       official Docker images. Classes 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, ...</li>
 *   <li>16 bytes ({@link #SYSTEM_JEMALLOC}): jemalloc's default, used by distribution packages
 *       that link the system library (Debian, Ubuntu). Classes 8, 16, 32, 48, 64, 80, 96, ...</li>
 * </ul>
 * {@code INFO} does not tell the two apart; {@code MEMORY USAGE} of a key with a 20-byte name and
 * the value {@code 10000} does: 64 with an 8-byte quantum, 72 with 16 (robj 16 + dictEntry 24 +
 * the 22-byte sds of the name in a 24- or 32-byte class).
 *
 * <p><b>sds.</b> An sds string is one allocation of header + bytes + a NUL terminator. The header
 * is chosen by length ({@code sdsReqType}): {@code sdshdr5} (1 byte) below 32 bytes,
 * {@code sdshdr8} (3) below 256, {@code sdshdr16} (5) below 64 KiB, {@code sdshdr32} (9) below
 * 4 GiB, else {@code sdshdr64} (17). An empty string gets an {@code sdshdr8}, as
 * {@code sdsnewlen} does.
 */
public final class Allocations {
    /** jemalloc as Redis bundles it: 8-byte quantum. */
    public static final Allocations REDIS_JEMALLOC = new Allocations(8);
    /** jemalloc with its default 16-byte quantum (distribution packages). */
    public static final Allocations SYSTEM_JEMALLOC = new Allocations(16);

    /** The smallest size class. */
    static final int TINY = 8;

    private final int quantum;

    private Allocations(int quantum) {
        this.quantum = quantum;
    }

    /**
     * The allocator with this quantum.
     *
     * @throws IllegalArgumentException unless it is 8 or 16
     */
    public static Allocations withQuantum(int quantum) {
        return switch (quantum) {
            case 8 -> REDIS_JEMALLOC;
            case 16 -> SYSTEM_JEMALLOC;
            default -> throw new IllegalArgumentException("jemalloc quantum must be 8 or 16 bytes, not " + quantum);
        };
    }

    public int quantum() {
        return quantum;
    }

    /**
     * The usable size jemalloc returns for a request of {@code request} bytes (its size class);
     * 0 for 0.
     *
     * @throws IllegalArgumentException for a negative request
     */
    public long mallocSize(long request) {
        if (request < 0) {
            throw new IllegalArgumentException("negative allocation size " + request);
        }
        if (request == 0) {
            return 0;
        }
        if (request <= TINY) {
            return TINY;
        }
        // request in (2^k, 2^(k+1)]: k = floor(log2(request - 1)), spacing 2^(k-2) but at least the quantum.
        int k = 63 - Long.numberOfLeadingZeros(request - 1);
        long spacing = Math.max(quantum, 1L << (k - 2));
        long rounded = (request + spacing - 1) & -spacing;
        return rounded < 0 ? Long.MAX_VALUE : rounded;
    }

    /** The allocation of an sds holding {@code length} bytes with no spare room ({@code sdsZmallocSize}). */
    public long sdsAllocSize(long length) {
        return mallocSize(sdsHeaderSize(length) + length + 1);
    }

    /** The header bytes of an sds of {@code length} bytes ({@code sdsHdrSize(sdsReqType(len))}). */
    public static int sdsHeaderSize(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative sds length " + length);
        }
        if (length == 0) {
            return 3; // sdsnewlen turns an empty sdshdr5 into an sdshdr8
        }
        if (length < 1L << 5) {
            return 1;
        }
        if (length < 1L << 8) {
            return 3;
        }
        if (length < 1L << 16) {
            return 5;
        }
        if (length < 1L << 32) {
            return 9;
        }
        return 17;
    }

    @Override
    public String toString() {
        return "jemalloc (" + quantum + "-byte quantum)";
    }
}
