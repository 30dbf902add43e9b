package io.replkit.cli.rdbfile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small RDB files for command tests, written by hand in the plain encodings (and an intset and a
 * field-TTL hash), with the checksum disabled (0), so that each test states its data in one place.
 */
final class TestRdb {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long pendingExpire = -1;

    private TestRdb(int version) {
        ascii(String.format("REDIS%04d", version));
    }

    static TestRdb redis(int version) {
        return new TestRdb(version);
    }

    TestRdb select(int db) {
        out.write(0xFE);
        len(db);
        return this;
    }

    /** The next key expires at this unix ms. */
    TestRdb expireAt(long ms) {
        pendingExpire = ms;
        return this;
    }

    TestRdb string(String key, String value) {
        head(0, key);
        str(value);
        return this;
    }

    /** A string under a key given as raw bytes (e.g. not valid UTF-8). */
    TestRdb string(byte[] key, String value) {
        head(0, key);
        str(value);
        return this;
    }

    TestRdb list(String key, String... elements) {
        head(1, key);
        len(elements.length);
        for (String e : elements) {
            str(e);
        }
        return this;
    }

    TestRdb set(String key, String... members) {
        head(2, key);
        len(members.length);
        for (String m : members) {
            str(m);
        }
        return this;
    }

    /** A set as an intset of 16-bit integers (RDB type 11). */
    TestRdb intset(String key, int... members) {
        head(11, key);
        byte[] blob = new byte[8 + 2 * members.length];
        blob[0] = 2;
        blob[4] = (byte) members.length;
        for (int i = 0; i < members.length; i++) {
            blob[8 + 2 * i] = (byte) members[i];
            blob[9 + 2 * i] = (byte) (members[i] >> 8);
        }
        len(blob.length);
        out.writeBytes(blob);
        return this;
    }

    /** Members and scores alternate: {@code "a", 1.0, "b", 2.5} (ZSET_2, binary doubles). */
    TestRdb zset(String key, Object... memberScore) {
        head(5, key);
        len(memberScore.length / 2);
        for (int i = 0; i < memberScore.length; i += 2) {
            str((String) memberScore[i]);
            long bits = Double.doubleToLongBits((Double) memberScore[i + 1]);
            for (int b = 0; b < 8; b++) {
                out.write((int) (bits >>> (8 * b)));
            }
        }
        return this;
    }

    /** Fields and values alternate. */
    TestRdb hash(String key, String... fieldValue) {
        head(4, key);
        len(fieldValue.length / 2);
        for (String s : fieldValue) {
            str(s);
        }
        return this;
    }

    /** Field, value, absolute expiry in ms (or -1 for none) triplets: HASH_METADATA (24, RDB 12). */
    TestRdb hashWithTtls(String key, Object... fieldValueExpire) {
        head(24, key);
        long min = Long.MAX_VALUE;
        for (int i = 2; i < fieldValueExpire.length; i += 3) {
            long e = (Long) fieldValueExpire[i];
            if (e >= 0) {
                min = Math.min(min, e);
            }
        }
        min = min == Long.MAX_VALUE ? 0 : min;
        int64(min);
        len(fieldValueExpire.length / 3);
        for (int i = 0; i < fieldValueExpire.length; i += 3) {
            long e = (Long) fieldValueExpire[i + 2];
            len(e < 0 ? 0 : e - min + 1);
            str((String) fieldValueExpire[i]);
            str((String) fieldValueExpire[i + 1]);
        }
        return this;
    }

    /** EOF and a zero (disabled) checksum. */
    byte[] bytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.write(0xFF);
        copy.writeBytes(new byte[8]);
        return copy.toByteArray();
    }

    Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    private void head(int type, String key) {
        head(type, key.getBytes(StandardCharsets.UTF_8));
    }

    private void head(int type, byte[] key) {
        if (pendingExpire >= 0) {
            out.write(0xFC);
            int64(pendingExpire);
            pendingExpire = -1;
        }
        out.write(type);
        len(key.length);
        out.writeBytes(key);
    }

    private void str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        len(b.length);
        out.writeBytes(b);
    }

    private void len(long n) {
        if (n < 64) {
            out.write((int) n);
        } else if (n < 16384) {
            out.write(0x40 | (int) (n >>> 8));
            out.write((int) n);
        } else if (n <= 0xFFFFFFFFL) {
            out.write(0x80);
            for (int s = 24; s >= 0; s -= 8) {
                out.write((int) (n >>> s));
            }
        } else {
            out.write(0x81);
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) (n >>> s));
            }
        }
    }

    private void int64(long v) {
        for (int b = 0; b < 8; b++) {
            out.write((int) (v >>> (8 * b)));
        }
    }

    private void ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
