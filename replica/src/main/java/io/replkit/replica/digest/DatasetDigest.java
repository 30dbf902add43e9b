package io.replkit.replica.digest;

import io.replkit.rdb.value.StreamId;
import io.replkit.replica.data.Dataset;
import io.replkit.replica.data.Db;
import io.replkit.replica.data.HashObject;
import io.replkit.replica.data.ListObject;
import io.replkit.replica.data.ModuleObject;
import io.replkit.replica.data.SetObject;
import io.replkit.replica.data.StreamObject;
import io.replkit.replica.data.Strings;
import io.replkit.replica.data.ZSetObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * {@code DEBUG DIGEST} and {@code DEBUG DIGEST-VALUE} as Redis computes them ({@code debug.c}):
 * per key, SHA1 "mix" steps (order-sensitive: key, type, list elements, stream entries) and
 * "xor" steps (order-free: set members, hash fields, zset members), plus a fixed marker when
 * the key has an expiry; keys xor-ed together per database after mixing in the database id.
 * Stream groups and expiry times are not part of Redis's digest, so they are not here either.
 */
public final class DatasetDigest {
    private static final byte[] EXPIRE_MARK = "!!expire!!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEXPIRE_MARK = "!!hexpire!!".getBytes(StandardCharsets.US_ASCII);

    private final MessageDigest sha1;
    private final boolean fieldExpiryMarks;
    private final boolean fpconvScores;

    /**
     * @param fieldExpiryMarks whether hash fields with a TTL get the {@code !!hexpire!!} mark
     *                         (Redis 7.4 and later)
     * @param fpconvScores     whether scores are printed with {@code fpconv_dtoa} (7.2 and later)
     *                         rather than {@code "%.17g"}
     */
    public DatasetDigest(boolean fieldExpiryMarks, boolean fpconvScores) {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
        this.fieldExpiryMarks = fieldExpiryMarks;
        this.fpconvScores = fpconvScores;
    }

    /** Scores as 7.0 prints them. */
    public DatasetDigest(boolean fieldExpiryMarks) {
        this(fieldExpiryMarks, false);
    }

    public DatasetDigest() {
        this(true);
    }

    /**
     * The digest a master of version {@code major.minor} computes (0.0 when unknown: 7.0's). Field
     * TTLs exist only from 7.4 on, so their mark never shows on older masters' data.
     */
    public static DatasetDigest forMaster(int major, int minor) {
        return new DatasetDigest(true, ScoreFormat.usesFpconv(major, minor));
    }

    // -------------------------------------------------------------- primitives

    private byte[] sha(byte[] b, int off, int len) {
        sha1.update(b, off, len);
        return sha1.digest();
    }

    /** {@code xorDigest}: digest ^= SHA1(data). */
    void xor(byte[] digest, byte[] b, int off, int len) {
        byte[] h = sha(b, off, len);
        for (int j = 0; j < 20; j++) {
            digest[j] ^= h[j];
        }
    }

    void xor(byte[] digest, byte[] b) {
        xor(digest, b, 0, b.length);
    }

    /** {@code mixDigest}: digest = SHA1(digest ^ SHA1(data)). */
    void mix(byte[] digest, byte[] b, int off, int len) {
        xor(digest, b, off, len);
        byte[] h = sha(digest, 0, 20);
        System.arraycopy(h, 0, digest, 0, 20);
    }

    void mix(byte[] digest, byte[] b) {
        mix(digest, b, 0, b.length);
    }

    // -------------------------------------------------------------- dataset and values

    /** {@code computeDatasetDigest}: 20 zero bytes for an empty dataset. */
    public byte[] dataset(Dataset ds) {
        byte[] fin = new byte[20];
        byte[] digest = new byte[20];
        for (int j = 0; j < ds.databases(); j++) {
            Db db = ds.db(j);
            if (db.size() == 0) {
                continue;
            }
            mix(fin, new byte[] {(byte) (j >>> 24), (byte) (j >>> 16), (byte) (j >>> 8), (byte) j});
            db.forEach((key, value, expireAt) -> {
                java.util.Arrays.fill(digest, (byte) 0);
                mix(digest, key);
                objectDigest(digest, value, expireAt);
                xor(fin, digest);
            });
        }
        return fin;
    }

    /** {@code DEBUG DIGEST-VALUE key}: the value's digest, 20 zero bytes when the key is absent. */
    public byte[] value(Db db, byte[] key) {
        byte[] digest = new byte[20];
        Object v = db.get(key);
        if (v != null) {
            objectDigest(digest, v, db.expiry(key));
        }
        return digest;
    }

    /** Redis's object type codes ({@code OBJ_STRING} ...), in the digest as a big-endian int. */
    public static int typeCode(Object v) {
        if (v instanceof byte[] || v instanceof Long) {
            return 0;
        } else if (v instanceof ListObject) {
            return 1;
        } else if (v instanceof SetObject) {
            return 2;
        } else if (v instanceof ZSetObject) {
            return 3;
        } else if (v instanceof HashObject) {
            return 4;
        } else if (v instanceof ModuleObject) {
            return 5;
        } else if (v instanceof StreamObject) {
            return 6;
        }
        throw new IllegalArgumentException("not a value: " + v);
    }

    /** {@code xorObjectDigest}. */
    private void objectDigest(byte[] digest, Object o, long expireAt) {
        mix(digest, new byte[] {0, 0, 0, (byte) typeCode(o)});
        if (o instanceof byte[] || o instanceof Long) {
            mix(digest, Strings.bytes(o));
        } else if (o instanceof ListObject l) {
            for (int i = 0; i < l.size(); i++) {
                mix(digest, l.get(i));
            }
        } else if (o instanceof SetObject s) {
            s.forEach(m -> xor(digest, m));
        } else if (o instanceof ZSetObject z) {
            byte[] ele = new byte[20];
            z.forEachInOrder((m, score) -> {
                java.util.Arrays.fill(ele, (byte) 0);
                mix(ele, m);
                mix(ele, ScoreFormat.forDigest(score, fpconvScores).getBytes(StandardCharsets.US_ASCII));
                xor(digest, ele);
            });
        } else if (o instanceof HashObject h) {
            byte[] ele = new byte[20];
            h.forEach((f, v, ttl) -> {
                java.util.Arrays.fill(ele, (byte) 0);
                mix(ele, f);
                mix(ele, v);
                if (fieldExpiryMarks && ttl != HashObject.NO_EXPIRY) {
                    xor(ele, HEXPIRE_MARK);
                }
                xor(digest, ele);
            });
        } else if (o instanceof StreamObject s) {
            for (Map.Entry<StreamId, byte[][]> e : s.entries().entrySet()) {
                StreamId id = e.getKey();
                mix(digest, (Long.toUnsignedString(id.ms()) + "." + Long.toUnsignedString(id.seq()))
                    .getBytes(StandardCharsets.US_ASCII));
                for (byte[] fv : e.getValue()) {
                    mix(digest, fv);
                }
            }
        }
        // module values: their digest callback is the module's; nothing we can add
        if (expireAt != Db.NO_EXPIRY) {
            xor(digest, EXPIRE_MARK);
        }
    }

    public static String hex(byte[] digest) {
        StringBuilder sb = new StringBuilder(40);
        for (byte b : digest) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }
}
