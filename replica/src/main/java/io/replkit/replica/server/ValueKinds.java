package io.replkit.replica.server;

import io.replkit.replica.data.HashObject;
import io.replkit.replica.data.ListObject;
import io.replkit.replica.data.ModuleObject;
import io.replkit.replica.data.SetObject;
import io.replkit.replica.data.StreamObject;
import io.replkit.replica.data.Strings;
import io.replkit.replica.data.ZSetObject;

/** TYPE names and the OBJECT ENCODING Redis 7.0 would report for a value with this content. */
final class ValueKinds {
    private ValueKinds() {
    }

    static final int SET_MAX_INTSET_ENTRIES = 512;
    static final int HASH_MAX_LISTPACK_ENTRIES = 512;
    static final int HASH_MAX_LISTPACK_VALUE = 64;
    static final int EMBSTR_MAX = 44;

    static String typeName(Object v) {
        if (v instanceof byte[] || v instanceof Long) {
            return "string";
        } else if (v instanceof ListObject) {
            return "list";
        } else if (v instanceof SetObject) {
            return "set";
        } else if (v instanceof ZSetObject) {
            return "zset";
        } else if (v instanceof HashObject) {
            return "hash";
        } else if (v instanceof StreamObject) {
            return "stream";
        } else if (v instanceof ModuleObject m) {
            return m.moduleType();
        }
        return "none";
    }

    /**
     * The encoding Redis 7.0 reports: sorted sets follow the master's history (the dataset tracks
     * it); the other types the encoding Redis gives this content when it loads it from a snapshot
     * (a key's history can leave Redis with a bigger encoding, e.g. a hash that shrank).
     */
    static String encoding(Object v) {
        if (v instanceof Long) {
            return "int";
        } else if (v instanceof byte[] b) {
            if (b.length <= 20 && RedisNumbers.isLong(b)) {
                return "int";
            }
            return b.length <= EMBSTR_MAX ? "embstr" : "raw";
        } else if (v instanceof ListObject) {
            return "quicklist";
        } else if (v instanceof SetObject s) {
            return isIntset(s) ? "intset" : "hashtable";
        } else if (v instanceof ZSetObject z) {
            return z.isPacked() ? "listpack" : "skiplist";
        } else if (v instanceof HashObject h) {
            return isSmallHash(h) ? "listpack" : "hashtable";
        } else if (v instanceof StreamObject) {
            return "stream";
        }
        return "raw";
    }

    static boolean isIntset(SetObject s) {
        if (s.size() > SET_MAX_INTSET_ENTRIES) {
            return false;
        }
        boolean[] all = {true};
        s.forEach(m -> all[0] &= RedisNumbers.isLong(m));
        return all[0];
    }

    static boolean isSmallHash(HashObject h) {
        if (h.size() > HASH_MAX_LISTPACK_ENTRIES) {
            return false;
        }
        boolean[] small = {true};
        h.forEach((f, v, t) -> small[0] &= f.length <= HASH_MAX_LISTPACK_VALUE && v.length <= HASH_MAX_LISTPACK_VALUE);
        return small[0];
    }

    static byte[] stringBytes(Object v) {
        return Strings.bytes(v);
    }
}
