package io.replkit.rdb.memory;

import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.Printable;
import io.replkit.rdb.RdbType;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Keeps the N largest keys seen ({@code --largest N}): a bounded min-heap on size, so each offer
 * costs O(log N) and a key no larger than the N-th largest so far costs one comparison: a key
 * the same size as the smallest kept one does not displace it.
 */
public final class TopN {
    /** Result order: largest first, then by db, then by key bytes. */
    public static final Comparator<Row> LARGEST_FIRST = Comparator.comparingLong(Row::sizeInBytes).reversed()
        .thenComparingInt(Row::db)
        .thenComparing(Row::key, Arrays::compareUnsigned);

    private final Row[] heap;
    private int size;

    /** @throws IllegalArgumentException when n is below 1 */
    public TopN(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("top-N needs N of at least 1, not " + n);
        }
        heap = new Row[n];
    }

    /** The bound N. */
    public int capacity() {
        return heap.length;
    }

    /** Keys kept so far (at most N). */
    public int size() {
        return size;
    }

    /** Whether a key of this size would be kept now (lets a caller skip building a row). */
    public boolean accepts(long sizeInBytes) {
        return size < heap.length || sizeInBytes > heap[0].sizeInBytes();
    }

    /** Offers the estimate of the key {@code entry}; returns whether it was kept. */
    public boolean offer(KeyEntry entry, KeyMemory memory) {
        return offer(entry.db(), entry.key(), entry.type(), memory);
    }

    /**
     * Offers a key; returns whether it was kept. The key array is kept by reference, not copied:
     * pass one that is not modified afterwards ({@link KeyEntry#key()} is such an array).
     */
    public boolean offer(int db, byte[] key, RdbType type, KeyMemory memory) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(memory, "memory");
        if (!accepts(memory.sizeInBytes())) {
            return false;
        }
        Row row = new Row(db, key, type, memory);
        if (size < heap.length) {
            heap[size] = row;
            siftUp(size++);
        } else {
            heap[0] = row;
            siftDown(0);
        }
        return true;
    }

    /** The kept keys, largest first (see {@link #LARGEST_FIRST}). */
    public List<Row> result() {
        Row[] rows = Arrays.copyOf(heap, size);
        Arrays.sort(rows, LARGEST_FIRST);
        return List.of(rows);
    }

    private void siftUp(int i) {
        Row x = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent].sizeInBytes() <= x.sizeInBytes()) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = x;
    }

    private void siftDown(int i) {
        Row x = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].sizeInBytes() < heap[child].sizeInBytes()) {
                child = right;
            }
            if (x.sizeInBytes() <= heap[child].sizeInBytes()) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = x;
    }

    /**
     * One kept key.
     *
     * @param db     its database
     * @param key    its bytes (do not modify)
     * @param type   its RDB type ({@code type().dataType()} for the logical type)
     * @param memory its estimate
     */
    public record Row(int db, byte[] key, RdbType type, KeyMemory memory) {

        public long sizeInBytes() {
            return memory.sizeInBytes();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && db == r.db && Arrays.equals(key, r.key) && type == r.type
                && memory.equals(r.memory);
        }

        @Override
        public int hashCode() {
            return Objects.hash(db, Arrays.hashCode(key), type, memory);
        }

        @Override
        public String toString() {
            return "db " + db + " \"" + Printable.escape(key, 200) + "\" " + type.rdbName() + " " + memory;
        }
    }
}
