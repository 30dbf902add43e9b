package io.replkit.rdb.memory;

import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small RDB 9 files with the element-by-element types (string, list, set, zset 2, hash),
 * so that estimator tests can hand real {@link KeyEntry}s to {@link MemoryEstimator}. Checksum
 * disabled (zero).
 */
final class MiniRdb {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    MiniRdb() {
        out.writeBytes("REDIS0009".getBytes(StandardCharsets.US_ASCII));
    }

    MiniRdb expireAt(long ms) {
        out.write(0xFC);
        for (int i = 0; i < 8; i++) {
            out.write((int) (ms >>> (8 * i)));
        }
        return this;
    }

    MiniRdb string(String key, String value) {
        out.write(0);
        str(key);
        str(value);
        return this;
    }

    MiniRdb list(String key, List<String> elements) {
        out.write(1);
        str(key);
        len(elements.size());
        elements.forEach(this::str);
        return this;
    }

    MiniRdb set(String key, List<String> members) {
        out.write(2);
        str(key);
        len(members.size());
        members.forEach(this::str);
        return this;
    }

    /** Members with scores 0, 1, 2, ... */
    MiniRdb zset(String key, List<String> members) {
        out.write(5);
        str(key);
        len(members.size());
        for (int i = 0; i < members.size(); i++) {
            str(members.get(i));
            long bits = Double.doubleToLongBits(i);
            for (int b = 0; b < 8; b++) {
                out.write((int) (bits >>> (8 * b)));
            }
        }
        return this;
    }

    /** Alternating fields and values. */
    MiniRdb hash(String key, List<String> fieldsAndValues) {
        out.write(4);
        str(key);
        len(fieldsAndValues.size() / 2);
        fieldsAndValues.forEach(this::str);
        return this;
    }

    /** Reads the file back and estimates every key. */
    List<KeyMemory> estimate(MemoryEstimator estimator) {
        byte[] file = build();
        List<KeyMemory> result = new ArrayList<>();
        try (RdbReader r = new RdbReader(new ByteArrayInputStream(file))) {
            for (RdbRecord rec; (rec = r.next()) != null; ) {
                if (rec instanceof KeyEntry e) {
                    result.add(estimator.estimate(e));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** The estimate of the only key. */
    KeyMemory estimateOne(MemoryEstimator estimator) {
        List<KeyMemory> all = estimate(estimator);
        if (all.size() != 1) {
            throw new IllegalStateException(all.size() + " keys");
        }
        return all.get(0);
    }

    byte[] build() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(out.toByteArray());
        file.write(0xFF);
        file.writeBytes(new byte[8]);
        return file.toByteArray();
    }

    private void str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        len(b.length);
        out.writeBytes(b);
    }

    private void len(int n) {
        if (n < 64) {
            out.write(n);
        } else if (n < 16384) {
            out.write(0x40 | (n >> 8));
            out.write(n & 0xFF);
        } else {
            out.write(0x80);
            out.write(n >>> 24);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
    }
}
