package io.replkit.cli.inspect;

import io.replkit.rdb.AuxField;
import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.ModuleAux;
import io.replkit.rdb.RdbEnd;
import io.replkit.rdb.RdbHeader;
import io.replkit.rdb.RdbType;
import io.replkit.rdb.ResizeDb;
import io.replkit.rdb.SlotInfo;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the default {@code rdb-inspect} pass collects: header, aux fields, per-db and per-type counts. */
final class Summary {

    /** Keys, expiries and bytes per database. */
    static final class DbStats {
        long keys;
        long expires;
        long bytes;
        Long resizeKeys;
        Long resizeExpires;
    }

    /** Count and serialized bytes per RDB type. */
    static final class TypeStats {
        long keys;
        long bytes;
    }

    RdbHeader header;
    final List<AuxField> aux = new ArrayList<>();
    final Map<Integer, DbStats> dbs = new TreeMap<>();
    final Map<RdbType, TypeStats> types = new EnumMap<>(RdbType.class);
    final List<FunctionLibrary> functions = new ArrayList<>();
    final TreeSet<String> moduleTypes = new TreeSet<>();
    long slotInfoRecords;
    RdbEnd end;
    long keys;
    long expired;

    DbStats db(int db) {
        return dbs.computeIfAbsent(db, d -> new DbStats());
    }

    void add(KeyEntry k, long nowMs) {
        keys++;
        DbStats d = db(k.db());
        d.keys++;
        d.bytes += k.serializedSize();
        if (k.hasExpiry()) {
            d.expires++;
            if (k.expireAtMs() <= nowMs) {
                expired++;
            }
        }
        TypeStats t = types.computeIfAbsent(k.type(), x -> new TypeStats());
        t.keys++;
        t.bytes += k.serializedSize();
    }

    void resize(int db, ResizeDb r) {
        DbStats d = db(db);
        d.resizeKeys = r.dbSize();
        d.resizeExpires = r.expiresSize();
    }

    void module(ModuleAux m) {
        moduleTypes.add(m.module().name());
    }

    void slotInfo(SlotInfo s) {
        slotInfoRecords++;
    }
}
