package io.replkit.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.repl.ConnectionLink;
import io.replkit.protocol.repl.ReplicationSession;
import io.replkit.protocol.repl.SessionSettings;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.write.RdbTarget;
import io.replkit.replica.apply.ApplierOptions;
import io.replkit.replica.apply.CommandApplier;
import io.replkit.replica.data.Dataset;
import io.replkit.replica.data.ListObject;
import io.replkit.replica.data.Strings;
import io.replkit.replica.load.SnapshotLoader;
import io.replkit.replica.server.ReplicaServer;
import io.replkit.replica.server.ReplicationState;
import io.replkit.replica.server.ServedDataset;
import io.replkit.replica.server.ServerOptions;
import io.replkit.replica.snapshot.DatasetSnapshot;
import io.replkit.replica.snapshot.Persistence;
import io.replkit.replica.snapshot.Snapshotter;
import io.replkit.replica.sync.ReplicaLink;
import io.replkit.replica.sync.UnknownCommandPolicy;
import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisErrorReply;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Snapshots of a replica fed by a real master: SAVE and BGSAVE files that redis-check-rdb accepts
 * and a real server loads with the master's DEBUG DIGEST, and a capture taken while a workload runs
 * that equals the master's dataset at exactly the captured offset.
 */
class SnapshotIT {

    /** A replica with snapshots to {@code file}. */
    static final class Running implements AutoCloseable {
        final ReplicaServer server;
        final ReplicaLink link;
        final ReplicationSession session;
        final ReplicationState state = new ReplicationState();
        final Persistence persistence;
        // copy on write: tests stream over it while server threads add lines
        final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Thread thread;

        Running(RedisServer master, Path file) throws Exception {
            ServedDataset served = new ServedDataset(new Dataset());
            state.master(master.host(), master.port());
            state.masterVersion(master.version().major(), master.version().minor());
            server = ReplicaServer.start(served, state, ServerOptions.of("127.0.0.1", 0));
            ApplierOptions options = ApplierOptions.forVersion(master.version().major(), master.version().minor(),
                master.version().patch());
            link = new ReplicaLink(served, state, options, 16, UnknownCommandPolicy.STOP, log::add);
            persistence = new Persistence(new Snapshotter(link::applier), file, target(master), log::add);
            server.persistence(persistence);
            ConnectionSettings cs = ConnectionSettings.of(master.uri());
            session = new ReplicationSession(() -> ConnectionLink.open(cs), SessionSettings.defaults()
                .withListeningPort(server.port()).withRetries(10, true)
                .withBackoff(Duration.ofMillis(300), Duration.ofSeconds(1)), link);
            thread = new Thread(() -> {
                try {
                    session.run();
                } catch (Throwable t) {
                    log.add("session failed: " + t);
                }
            }, "replica-session");
            thread.start();
        }

        TestRedisClient client() {
            return new TestRedisClient("127.0.0.1", server.port());
        }

        void awaitOffset(TestRedisClient master) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 30_000;
            long target = -1;
            while (System.currentTimeMillis() < deadline) {
                target = Long.parseLong(master.info("replication").get("master_repl_offset"));
                if (state.offset() == target) {
                    return;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("replica offset " + state.offset() + " never reached " + target + "\n" + log);
        }

        @Override
        public void close() throws Exception {
            session.stopNow();
            thread.join(5000);
            persistence.close();
            server.close();
        }
    }

    static RdbTarget target(RedisServer master) {
        return RdbTarget.redis(master.version().major() + "." + master.version().minor());
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void saveAndBgsaveFilesPassRedisCheckRdbAndLoadWithTheMastersDigest(RedisServer master) throws Exception {
        Path dir = Files.createTempDirectory("snapshot-it");
        Path file = dir.resolve("replica.rdb");
        try (TestRedisClient c = master.client(); Running replica = new Running(master, file);
             TestRedisClient r = replica.client()) {
            Workloads w = new Workloads(c, 81);
            fill(w, master);
            quiesce(c);
            replica.awaitOffset(c);
            String digest = c.callString("DEBUG", "DIGEST");

            assertEquals("OK", r.callString("SAVE"));
            assertLoadsWithDigest(master, file, digest);
            assertEquals(offset(c), auxOffset(file), "repl-offset is the master's offset");

            Files.delete(file);
            assertEquals("Background saving started", r.callString("BGSAVE"));
            awaitBackgroundSave(r);
            assertEquals("ok", r.info("persistence").get("rdb_last_bgsave_status"));
            assertLoadsWithDigest(master, file, digest);
            assertTrue(r.callLong("LASTSAVE") >= System.currentTimeMillis() / 1000 - 60);
            assertEquals(dir.toString(), configGet(r, "dir"));
            assertEquals("replica.rdb", configGet(r, "dbfilename"));
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void aSecondBgsaveWhileOneRunsIsRefused(RedisServer master) throws Exception {
        Path dir = Files.createTempDirectory("snapshot-it");
        try (TestRedisClient c = master.client(); Running replica = new Running(master, dir.resolve("r.rdb"));
             TestRedisClient r = replica.client()) {
            // enough data that a save takes a while (DEBUG POPULATE is not propagated: pipelined SETs)
            for (int batch = 0; batch < 200; batch++) {
                for (int i = 0; i < 1000; i++) {
                    c.send("SET", "key:" + (batch * 1000 + i), "v".repeat(100));
                }
                for (int i = 0; i < 1000; i++) {
                    c.readReply();
                }
            }
            replica.awaitOffset(c);
            assertEquals("Background saving started", r.callString("BGSAVE"));
            String second;
            try {
                second = r.callString("BGSAVE");
            } catch (RedisErrorReply e) {
                second = e.getMessage();
            }
            String inProgress = r.info("persistence").get("rdb_bgsave_in_progress");
            awaitBackgroundSave(r);
            if ("1".equals(inProgress)) {
                assertEquals("ERR Background save already in progress", second);
            }
            assertEquals("200000", r.info("persistence").get("rdb_last_save_keys"));
        }
    }

    /**
     * Every step of the workload bumps a counter, appends its number to a log list and writes
     * keys that carry the step; a capture taken meanwhile must equal what a second, independent
     * replica (a raw tap applying the same stream) holds at the captured offset, and be a prefix.
     */
    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void aSnapshotTakenDuringAWorkloadIsTheMastersStateAtTheCapturedOffset(RedisServer master) throws Exception {
        Path dir = Files.createTempDirectory("snapshot-it");
        try (TestRedisClient c = master.client(); ReplicationTap tap = ReplicationTap.connect(master);
             Running replica = new Running(master, dir.resolve("r.rdb"))) {
            ApplierOptions options = ApplierOptions.forVersion(master.version().major(), master.version().minor(),
                master.version().patch());
            Dataset reference = tap.loadSnapshot(options.encodings());
            CommandApplier referenceApplier = new CommandApplier(reference, System::currentTimeMillis, options,
                (ch, m, s) -> { });
            for (int i = 0; i < 3000; i++) { // a big hash and list, so copies happen
                c.call("HSET", "big", "f" + i, "v" + i);
                c.call("RPUSH", "biglist", "e" + i);
            }
            replica.awaitOffset(c);
            AtomicBoolean stop = new AtomicBoolean();
            Thread workload = new Thread(() -> {
                try (TestRedisClient w = master.client()) {
                    for (int i = 1; !stop.get(); i++) {
                        w.call("MULTI");
                        w.call("INCR", "counter");
                        w.call("RPUSH", "log", Integer.toString(i));
                        w.call("SET", "t1", Integer.toString(i));
                        w.call("SET", "t2", Integer.toString(i));
                        w.call("EXEC");
                        w.call("HSET", "big", "f" + (i % 3000), "step" + i);
                        w.call("LSET", "biglist", Integer.toString(i % 3000), "step" + i);
                        w.call("ZADD", "z", Integer.toString(i), "m" + (i % 50));
                        w.call("SADD", "s" + (i % 7), Integer.toString(i));
                    }
                }
            }, "workload");
            workload.start();
            List<DatasetSnapshot> snaps = new ArrayList<>();
            List<byte[]> files = new ArrayList<>();
            Snapshotter snapshotter = replica.persistence.snapshotter();
            try {
                for (int k = 0; k < 5; k++) {
                    Thread.sleep(150);
                    DatasetSnapshot s = snapshotter.capture();
                    snaps.add(s);
                    Thread.sleep(50); // the stream goes on while the capture waits to be written
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    s.writeTo(out, target(master));
                    s.close();
                    files.add(out.toByteArray());
                }
            } finally {
                stop.set(true);
                workload.join(10_000);
            }
            long previousCounter = -1;
            for (int k = 0; k < snaps.size(); k++) {
                Dataset loaded = load(files.get(k));
                tap.applyUntil(snaps.get(k).offset(), referenceApplier);
                assertEquals(snaps.get(k).offset(), tap.offset(), "the capture ends on a command boundary");
                assertEquals(digest(reference), digest(loaded), "capture " + k + " at offset " + snaps.get(k).offset());
                long counter = Long.parseLong(new String(Strings.bytes(loaded.db(0).get(b("counter"))),
                    StandardCharsets.US_ASCII));
                ListObject log = (ListObject) loaded.db(0).get(b("log"));
                assertEquals(counter, log.size(), "never half a MULTI/EXEC");
                assertEquals(counter, (long) (Long) loaded.db(0).get(b("t1")));
                assertEquals(counter, (long) (Long) loaded.db(0).get(b("t2")));
                assertTrue(counter > previousCounter, "captures move forward");
                previousCounter = counter;
            }
            assertTrue(previousCounter > 0, "the workload ran during the captures");
        }
    }

    private static void fill(Workloads w, RedisServer master) {
        boolean seven = master.version().major() >= 7;
        w.mixed(300, seven);
        w.strings(300);
        w.keys(150);
        w.lists(300);
        w.sets(300);
        w.zsets(300);
        w.hashes(300);
        w.streams(200);
        w.hyperLogLogs(100);
        w.bitmaps(100);
    }

    /** Lets the master delete keys that expired during the run, so nothing expires between digests. */
    static void quiesce(TestRedisClient c) throws InterruptedException {
        Thread.sleep(100);
        for (int db = 0; db < 16; db++) {
            c.call("SELECT", db);
            String cursor = "0";
            do {
                List<?> page = (List<?>) c.call("SCAN", cursor, "COUNT", 1000);
                cursor = new String((byte[]) page.get(0));
            } while (!cursor.equals("0"));
        }
        c.call("SELECT", 0);
    }

    static long offset(TestRedisClient c) {
        return Long.parseLong(c.info("replication").get("master_repl_offset"));
    }

    private static void assertLoadsWithDigest(RedisServer master, Path file, String digest) throws Exception {
        Process check = new ProcessBuilder(master.binary().checkRdb().toString(), file.toString())
            .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, check.waitFor(), out);
        assertTrue(out.contains("RDB looks OK"), out);
        try (RedisServer loaded = RedisServer.startWithRdb(master.binary(), file);
             TestRedisClient l = loaded.client()) {
            assertEquals(digest, l.callString("DEBUG", "DIGEST"), "a real server loading the snapshot");
        }
    }

    private static long auxOffset(Path file) throws Exception {
        try (RdbReader r = RdbReader.open(file)) {
            return SnapshotLoader.load(r, new Dataset()).replOffset();
        }
    }

    private static void awaitBackgroundSave(TestRedisClient r) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!"0".equals(r.info("persistence").get("rdb_bgsave_in_progress"))) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("BGSAVE did not finish");
            }
            Thread.sleep(20);
        }
    }

    private static String configGet(TestRedisClient r, String name) {
        List<?> kv = (List<?>) r.call("CONFIG", "GET", name);
        return new String((byte[]) kv.get(1), StandardCharsets.UTF_8);
    }

    private static Dataset load(byte[] rdb) throws Exception {
        Dataset ds = new Dataset();
        try (RdbReader r = new RdbReader(new ByteArrayInputStream(rdb))) {
            SnapshotLoader.load(r, ds);
        }
        return ds;
    }

    private static String digest(Dataset ds) {
        return io.replkit.replica.digest.DatasetDigest.hex(
            io.replkit.replica.digest.DatasetDigest.forMaster(7, 0).dataset(ds));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
