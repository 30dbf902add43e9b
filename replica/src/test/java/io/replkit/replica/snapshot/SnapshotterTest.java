package io.replkit.replica.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.replkit.rdb.RdbReader;
import io.replkit.rdb.write.RdbTarget;
import io.replkit.replica.apply.ApplierOptions;
import io.replkit.replica.apply.CommandApplier;
import io.replkit.replica.apply.CommandException;
import io.replkit.replica.data.Dataset;
import io.replkit.replica.digest.DatasetDigest;
import io.replkit.replica.load.SnapshotLoader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapshotterTest {
    private static final RdbTarget TARGET = RdbTarget.redis("7.0");

    /** A stream of commands with offsets, applied to the applier under test and, up to a point, to a reference. */
    private final Dataset live = new Dataset();
    private final CommandApplier applier = newApplier(live);
    private final Snapshotter snapshotter = new Snapshotter(() -> applier);
    private final List<byte[][]> stream = new ArrayList<>();
    private long offset = 1000;

    private static CommandApplier newApplier(Dataset ds) {
        return new CommandApplier(ds, () -> 1_700_000_000_000L, ApplierOptions.DEFAULTS, (c, m, s) -> { });
    }

    private void apply(String... args) throws CommandException {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        stream.add(argv);
        offset += 10;
        applier.apply(argv, offset);
    }

    /** The dataset the first {@code commands} commands of the stream make. */
    private Dataset reference(int commands) throws CommandException {
        Dataset ds = new Dataset();
        CommandApplier a = newApplier(ds);
        for (int i = 0; i < commands; i++) {
            a.apply(stream.get(i));
        }
        return ds;
    }

    private static String digest(Dataset ds) {
        return DatasetDigest.hex(DatasetDigest.forMaster(7, 0).dataset(ds));
    }

    private static SnapshotLoader written(DatasetSnapshot s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writeTo(out, TARGET);
        try (RdbReader r = new RdbReader(new ByteArrayInputStream(out.toByteArray()))) {
            return SnapshotLoader.load(r, new Dataset());
        }
    }

    private void fillEveryType() throws CommandException {
        apply("SET", "s", "hello");
        apply("SET", "n", "41");
        apply("RPUSH", "l", "a", "b", "c");
        apply("SADD", "small", "x", "y");
        for (int i = 0; i < 100; i++) {
            apply("SADD", "big", "m" + i);
            apply("HSET", "bighash", "f" + i, "v" + i);
            apply("ZADD", "bigz", Integer.toString(i), "z" + i);
        }
        apply("HSET", "h", "f", "v");
        apply("ZADD", "z", "1", "one", "2", "two");
        apply("XADD", "x", "1-1", "k", "v");
        apply("XGROUP", "CREATE", "x", "g", "0");
        apply("XCLAIM", "x", "g", "c1", "0", "1-1", "TIME", "1700000000000", "RETRYCOUNT", "1", "FORCE", "JUSTID", "LASTID", "1-1");
        apply("SET", "ttl", "v", "PXAT", "4102444800000");
        apply("SELECT", "3");
        apply("RPUSH", "l3", "p");
        apply("SELECT", "0");
    }

    private void changeEveryType() throws CommandException {
        apply("APPEND", "s", " world");
        apply("INCR", "n");
        apply("RPUSH", "l", "d");
        apply("LSET", "l", "0", "A");
        apply("SADD", "small", "z");
        apply("SREM", "big", "m1");
        apply("HSET", "bighash", "f1", "changed");
        apply("ZADD", "bigz", "1000", "z1");
        apply("HSET", "h", "g", "w");
        apply("ZINCRBY", "z", "5", "one");
        apply("XADD", "x", "2-1", "k", "v2");
        apply("XACK", "x", "g", "1-1");
        apply("PERSIST", "ttl");
        apply("RENAME", "l", "l-renamed");
        apply("RPUSH", "l-renamed", "e");
        apply("SWAPDB", "0", "3");
        apply("RPUSH", "l3", "q");
        apply("FLUSHDB");
    }

    @Test
    void snapshotHoldsEveryTypeAsCapturedWhileTheApplierChangesThemAfter() throws Exception {
        fillEveryType();
        int prefix = stream.size();
        long at = offset;
        try (DatasetSnapshot snap = snapshotter.capture()) {
            changeEveryType();
            assertEquals(at, snap.offset());
            SnapshotLoader loaded = written(snap);
            assertEquals(at, loaded.replOffset());
            assertEquals(digest(reference(prefix)), digest(loaded.dataset()));
        }
        assertEquals(digest(reference(stream.size())), digest(live), "the live dataset got every change");
    }

    /** One type at a time: the value is made, captured, changed; the snapshot has the value as made. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "packed list      | RPUSH k a b c                 | LSET k 0 x",
        "list             | RPUSH k a b c                 | LPOP k",
        "packed set       | SADD k a b c                  | SREM k b",
        "table set        | SADD k m1 m2 m3 m4 m5 m6 m7 m8 m9 m10 m11 m12 m13 m14 m15 m16 m17 m18 m19 m20 m21 m22 m23 m24 m25 m26 m27 m28 m29 m30 m31 m32 m33 m34 m35 m36 m37 m38 m39 m40 m41 m42 m43 m44 m45 m46 m47 m48 m49 m50 m51 m52 m53 m54 m55 m56 m57 m58 m59 m60 m61 m62 m63 m64 m65 | SADD k new",
        "sorted set       | ZADD k 1 a 2 b                | ZINCRBY k 10 a",
        "packed hash      | HSET k f v g w                | HDEL k f",
        "table hash       | HSET k f vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv | HSET k f2 v2",
        "stream           | XADD k 1-1 a b                | XTRIM k MAXLEN 0",
        "stream group     | XGROUP CREATE k g $ MKSTREAM  | XGROUP SETID k g 5-5",
        "string           | SET k abc                     | APPEND k def",
        "bitmap           | SETBIT k 7 1                  | SETBIT k 7 0",
        "expiry           | SET k v PXAT 4102444800000    | PERSIST k",
    })
    void theSnapshotKeepsEachTypeAsCapturedWhenChangedAfter(String type, String make, String change) throws Exception {
        apply(make.trim().split(" +"));
        int prefix = stream.size();
        try (DatasetSnapshot snap = snapshotter.capture()) {
            apply(change.trim().split(" +"));
            assertEquals(digest(reference(prefix)), digest(written(snap).dataset()), type);
        }
        assertEquals(digest(reference(stream.size())), digest(live), type + ": the live value changed");
    }

    @Test
    void valuesChangedAfterTheWriterPassedAreChangedInPlace() throws Exception {
        fillEveryType();
        Object before = live.db(0).get(b("bighash"));
        try (DatasetSnapshot snap = snapshotter.capture()) {
            written(snap);
            apply("HSET", "bighash", "f1", "changed");
            assertSame(before, live.db(0).get(b("bighash")), "written and released: no copy");
        }
    }

    @Test
    void valuesChangedBeforeTheWriterPassedAreCopiedOnce() throws Exception {
        fillEveryType();
        Object before = live.db(0).get(b("bighash"));
        try (DatasetSnapshot snap = snapshotter.capture()) {
            apply("HSET", "bighash", "f1", "changed");
            Object copy = live.db(0).get(b("bighash"));
            assertNotSame(before, copy);
            apply("HSET", "bighash", "f2", "changed");
            assertSame(copy, live.db(0).get(b("bighash")), "the copy is the live value's own");
            written(snap);
        }
    }

    @Test
    void overlappingSnapshotsEachHoldTheirOwnMoment() throws Exception {
        fillEveryType();
        int first = stream.size();
        DatasetSnapshot a = snapshotter.capture();
        apply("HSET", "bighash", "f1", "one");
        apply("RPUSH", "l", "one");
        int second = stream.size();
        DatasetSnapshot b = snapshotter.capture();
        apply("HSET", "bighash", "f1", "two");
        apply("RPUSH", "l", "two");
        // the newer one writes (and releases nothing, an older one being open) before the older one
        assertEquals(digest(reference(second)), digest(written(b).dataset()));
        apply("HSET", "bighash", "f2", "three");
        assertEquals(digest(reference(first)), digest(written(a).dataset()));
        a.close();
        b.close();
        assertEquals(digest(reference(stream.size())), digest(live));
    }

    @Test
    void aCaptureInsideMultiReflectsTheOffsetBeforeMulti() throws Exception {
        apply("SET", "a", "1");
        long beforeMulti = offset;
        int prefix = stream.size();
        apply("MULTI");
        apply("SET", "a", "2");
        apply("RPUSH", "l", "x");
        try (DatasetSnapshot snap = snapshotter.capture()) {
            assertEquals(beforeMulti, snap.offset());
            apply("EXEC");
            assertEquals(digest(reference(prefix)), digest(written(snap).dataset()));
        }
        try (DatasetSnapshot snap = snapshotter.capture()) {
            assertEquals(offset, snap.offset(), "after EXEC: EXEC's end offset");
        }
    }

    @Test
    void theSnapshotCarriesTheStreamPositionAndSelectedDb() throws Exception {
        applier.position("8de1d5ae9f5c5ecbd8b3e1a1b2c3d4e5f6a7b8c9", 1000);
        apply("SELECT", "5");
        apply("SET", "k", "v");
        apply("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('f', function() return 1 end)");
        try (DatasetSnapshot snap = snapshotter.capture()) {
            assertEquals("8de1d5ae9f5c5ecbd8b3e1a1b2c3d4e5f6a7b8c9", snap.replId());
            assertEquals(5, snap.streamDb());
            SnapshotLoader loaded = written(snap);
            assertEquals("8de1d5ae9f5c5ecbd8b3e1a1b2c3d4e5f6a7b8c9", loaded.replId());
            assertEquals(offset, loaded.replOffset());
            assertEquals(5, loaded.replStreamDb());
            assertArrayEquals(b("v"), (byte[]) loaded.dataset().db(5).get(b("k")));
            assertEquals(List.of("lib"), List.copyOf(loaded.dataset().functions().keySet()));
        }
    }

    @Test
    void aSnapshotIsWrittenOnce() throws Exception {
        apply("SET", "a", "1");
        try (DatasetSnapshot snap = snapshotter.capture()) {
            written(snap);
            assertThrows(IllegalStateException.class, () -> snap.writeTo(new ByteArrayOutputStream(), TARGET));
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
