package io.replkit.replica.data;

import java.util.Arrays;

/** A list as a circular array of elements: O(1) at both ends and by index. */
public final class ListObject extends MutableValue {
    private byte[][] a;
    private int head;
    private int size;

    public ListObject(int expected) {
        a = new byte[Math.max(4, Math.min(expected, 1 << 16))][];
    }

    public int size() {
        return size;
    }

    private int slot(int i) {
        int s = head + i;
        return s >= a.length ? s - a.length : s;
    }

    public byte[] get(int i) {
        return a[slot(i)];
    }

    public void set(int i, byte[] v) {
        a[slot(i)] = v;
    }

    private void grow() {
        if (size < a.length) {
            return;
        }
        byte[][] b = new byte[a.length * 2][];
        for (int i = 0; i < size; i++) {
            b[i] = a[slot(i)];
        }
        a = b;
        head = 0;
    }

    public void addLast(byte[] v) {
        grow();
        a[slot(size)] = v;
        size++;
    }

    public void addFirst(byte[] v) {
        grow();
        head = head == 0 ? a.length - 1 : head - 1;
        a[head] = v;
        size++;
    }

    public byte[] removeFirst() {
        byte[] v = a[head];
        a[head] = null;
        head = head + 1 == a.length ? 0 : head + 1;
        size--;
        maybeShrink();
        return v;
    }

    public byte[] removeLast() {
        int s = slot(size - 1);
        byte[] v = a[s];
        a[s] = null;
        size--;
        maybeShrink();
        return v;
    }

    /** Inserts so that the element ends up at index {@code i} (0..size). */
    public void insert(int i, byte[] v) {
        if (i == 0) {
            addFirst(v);
            return;
        }
        addLast(null);
        for (int j = size - 1; j > i; j--) {
            a[slot(j)] = a[slot(j - 1)];
        }
        a[slot(i)] = v;
    }

    public void remove(int i) {
        if (i == 0) {
            removeFirst();
            return;
        }
        for (int j = i; j < size - 1; j++) {
            a[slot(j)] = a[slot(j + 1)];
        }
        removeLast();
    }

    /** Keeps elements {@code from..to} inclusive (both within range, from &le; to). */
    public void keepRange(int from, int to) {
        byte[][] b = new byte[Math.max(4, to - from + 1)][];
        for (int i = from; i <= to; i++) {
            b[i - from] = a[slot(i)];
        }
        a = b;
        head = 0;
        size = to - from + 1;
    }

    private void maybeShrink() {
        if (a.length > 64 && size * 4 < a.length) {
            byte[][] b = new byte[a.length / 2][];
            for (int i = 0; i < size; i++) {
                b[i] = a[slot(i)];
            }
            a = b;
            head = 0;
        }
    }

    @Override
    public ListObject copy() {
        ListObject c = new ListObject(0);
        c.a = a.clone();
        c.head = head;
        c.size = size;
        return c;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? "" : ", ").append(Arrays.toString(get(i)));
        }
        return sb.append(']').toString();
    }
}
