package io.replkit.cli.rdbfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.cli.CliRunner;
import io.replkit.cli.ExitCode;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.SelectDb;
import io.replkit.rdb.cluster.KeySlot;
import io.replkit.rdb.value.StringValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RdbMergeSplitCommandTest {

    @TempDir
    Path dir;

    /** "db:key=value" for every key, in file order, and "select N" for each SELECTDB. */
    static List<String> content(Path p) throws IOException {
        List<String> out = new ArrayList<>();
        try (RdbReader r = RdbReader.open(p)) {
            for (RdbRecord rec; (rec = r.next()) != null; ) {
                if (rec instanceof SelectDb s) {
                    out.add("select " + s.db());
                } else if (rec instanceof KeyEntry k) {
                    String v = k.value() instanceof StringValue s ? new String(s.bytes(), StandardCharsets.UTF_8) : k.type().name();
                    out.add(k.db() + ":" + new String(k.key(), StandardCharsets.UTF_8) + "=" + v);
                }
            }
        }
        return out;
    }

    static List<String> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void laterFilesWinAndKeysAreWrittenDatabaseByDatabase() throws IOException {
        Path a = TestRdb.redis(9).select(0).string("k1", "a").string("k2", "a").select(1).string("x", "a").write(dir.resolve("a.rdb"));
        Path b = TestRdb.redis(10).select(2).string("y", "b").select(0).string("k3", "b").string("k1", "b").write(dir.resolve("b.rdb"));
        Path out = dir.resolve("out.rdb");
        CliRunner.Result r = CliRunner.run("rdb-merge", out.toString(), a.toString(), b.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        assertEquals(List.of("select 0", "0:k2=a", "0:k3=b", "0:k1=b", "select 1", "1:x=a", "select 2", "2:y=b"), content(out));
        assertEquals(10, RdbConvertCommandTest.header(out).version(), "the newest input's version");
        assertTrue(r.stderr().startsWith("rdb-merge: 2 files, 6 keys read, 5 written to RDB 10"), r.stderr());
    }

    @Test
    void onConflictErrorNamesTheKeyAndLeavesNoFile() throws IOException {
        Path a = TestRdb.redis(9).select(0).string("k1", "a").string("k2", "a").write(dir.resolve("a.rdb"));
        Path b = TestRdb.redis(9).select(0).string("k2", "b").write(dir.resolve("b.rdb"));
        Path out = dir.resolve("out.rdb");
        CliRunner.Result r = CliRunner.run("rdb-merge", out.toString(), a.toString(), b.toString(), "--on-conflict", "error");
        assertEquals(ExitCode.FAILURE, r.exitCode());
        assertEquals("replkit: key \"k2\" (db 0, STRING) is in both " + a + " and " + b + " (--on-conflict error)", r.stderr().strip());
        assertEquals(List.of("a.rdb", "b.rdb"), files(dir));
    }

    @Test
    void mergeFiltersAndTargetsLikeConvert() throws IOException {
        Path a = TestRdb.redis(9).select(0).string("user:1", "a").string("job:1", "a").write(dir.resolve("a.rdb"));
        Path b = TestRdb.redis(9).select(0).string("user:2", "b").write(dir.resolve("b.rdb"));
        Path out = dir.resolve("out.rdb");
        CliRunner.Result r = CliRunner.run("rdb-merge", out.toString(), a.toString(), b.toString(), "--match", "user:*", "--target-version", "11");
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        assertEquals(List.of("select 0", "0:user:1=a", "0:user:2=b"), content(out));
        assertEquals(11, RdbConvertCommandTest.header(out).version());
        assertEquals(ExitCode.USAGE, CliRunner.run("rdb-merge", out.toString(), "-", b.toString()).exitCode());
    }

    @Test
    void splitByDatabaseWritesOneFilePerDatabase() throws IOException {
        Path in = RdbConvertCommandTest.fixture("redis-7.0.15");
        Path parts = dir.resolve("parts");
        CliRunner.Result r = CliRunner.run("rdb-split", in.toString(), "--by", "db", "--out", parts.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        assertEquals(List.of("db-0.rdb", "db-1.rdb", "db-5.rdb"), files(parts));
        for (String f : files(parts)) {
            assertEquals(10, RdbConvertCommandTest.header(parts.resolve(f)).version());
            int db = Integer.parseInt(f.substring(3, f.length() - 4));
            for (String line : content(parts.resolve(f))) {
                assertTrue(line.equals("select " + db) || line.startsWith(db + ":"), f + ": " + line);
            }
        }
        Path merged = dir.resolve("merged.rdb");
        List<String> args = new ArrayList<>(List.of("rdb-merge", merged.toString()));
        files(parts).forEach(f -> args.add(parts.resolve(f).toString()));
        assertEquals(ExitCode.OK, CliRunner.run(args.toArray(String[]::new)).exitCode());
        CliRunner.Result diff = CliRunner.run("rdb-diff", in.toString(), merged.toString());
        assertEquals(ExitCode.OK, diff.exitCode(), diff.stdout() + diff.stderr());
    }

    @Test
    void splitBySlotPutsEachKeyInTheFileOfItsSlotRange() throws IOException {
        Path in = RdbConvertCommandTest.fixture("redis-7.4.1-cluster");
        Path parts = dir.resolve("shards");
        CliRunner.Result r = CliRunner.run("rdb-split", in.toString(), "--by", "slot", "--nodes", "3", "--out", parts.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        assertEquals(List.of("slots-0-5460.rdb", "slots-10923-16383.rdb", "slots-5461-10922.rdb"), files(parts));
        int total = 0;
        for (String f : files(parts)) {
            String[] range = f.substring(6, f.length() - 4).split("-");
            try (RdbReader reader = RdbReader.open(parts.resolve(f))) {
                for (RdbRecord rec; (rec = reader.next()) != null; ) {
                    if (rec instanceof KeyEntry k) {
                        int slot = KeySlot.of(k.key());
                        assertTrue(slot >= Integer.parseInt(range[0]) && slot <= Integer.parseInt(range[1]), f + ": " + k + " slot " + slot);
                        assertEquals(0, k.db());
                        total++;
                    }
                }
            }
        }
        assertEquals(77, total);
    }

    @Test
    void splitBySlotRefusesKeysOutsideDatabase0UnlessOneIsChosen() throws IOException {
        Path in = TestRdb.redis(9).select(0).string("a", "0").select(1).string("b", "1").string("{b}c", "1").write(dir.resolve("in.rdb"));
        Path parts = dir.resolve("shards");
        CliRunner.Result r = CliRunner.run("rdb-split", in.toString(), "--by", "slot", "--nodes", "2", "--out", parts.toString());
        assertEquals(ExitCode.FAILURE, r.exitCode());
        assertEquals("replkit: key \"b\" (db 1, STRING) is not in database 0: cluster mode has only database 0; "
            + "choose the database to split with --db", r.stderr().strip());
        assertFalse(Files.exists(parts), "no output, no temp file, and no directory it created");

        CliRunner.Result db1 = CliRunner.run("rdb-split", in.toString(), "--by", "slot", "--slots", "0-8191", "--slots", "8192-16383",
            "--db", "1", "--out", parts.toString());
        assertEquals(ExitCode.OK, db1.exitCode(), db1.stderr());
        int slotB = KeySlot.of("b".getBytes(StandardCharsets.UTF_8));
        String withB = slotB <= 8191 ? "slots-0-8191.rdb" : "slots-8192-16383.rdb";
        String other = slotB <= 8191 ? "slots-8192-16383.rdb" : "slots-0-8191.rdb";
        assertEquals(List.of("select 0", "0:b=1", "0:{b}c=1"), content(parts.resolve(withB)), "hash tag {b} keeps both together");
        assertEquals(List.of(), content(parts.resolve(other)), "an empty range still gets a loadable file");
    }

    @Test
    void slotRangesAreCheckedAndSplitLikeRedisCli() {
        assertEquals(List.of("0-5460", "5461-10922", "10923-16383"), text(SlotRanges.even(3)));
        assertEquals(List.of("0-16383"), text(SlotRanges.even(1)));
        assertEquals(16384, SlotRanges.even(16384).ranges().size());
        assertEquals(List.of("0-10", "11", "12-16383"), text(SlotRanges.parse(List.of("0-10,11", "12-16383"))));
        assertEquals(ExitCode.USAGE, CliRunner.run("rdb-split", "x.rdb", "--by", "slot", "--slots", "0-10,5-20", "--out", "d").exitCode());
        assertEquals(ExitCode.USAGE, CliRunner.run("rdb-split", "x.rdb", "--by", "slot", "--out", "d").exitCode());
        assertEquals(ExitCode.USAGE, CliRunner.run("rdb-split", "x.rdb", "--by", "db", "--nodes", "3", "--out", "d").exitCode());
    }

    @Test
    void aKeyInNoSlotRangeIsAnError() throws IOException {
        Path in = TestRdb.redis(9).select(0).string("foo", "v").write(dir.resolve("in.rdb"));
        CliRunner.Result r = CliRunner.run("rdb-split", in.toString(), "--by", "slot", "--slots", "0-100", "--out", dir.resolve("s").toString());
        assertEquals(ExitCode.FAILURE, r.exitCode());
        assertEquals("replkit: key \"foo\" (db 0, STRING) hashes to slot 12182, which no --slots range covers", r.stderr().strip());
        assertFalse(Files.exists(dir.resolve("s")), "the directory it created is gone");

        Path existing = Files.createDirectory(dir.resolve("existing"));
        CliRunner.Result again = CliRunner.run("rdb-split", in.toString(), "--by", "slot", "--slots", "0-100", "--out", existing.toString());
        assertEquals(ExitCode.FAILURE, again.exitCode());
        assertTrue(Files.isDirectory(existing), "a directory that was there before stays");
    }

    static List<String> text(SlotRanges r) {
        return r.ranges().stream().map(x -> x[0] == x[1] ? String.valueOf(x[0]) : x[0] + "-" + x[1]).toList();
    }
}
