package io.replkit.cli.rdbfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.cli.CliRunner;
import io.replkit.cli.ExitCode;
import io.replkit.rdb.AuxField;
import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbHeader;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.write.RdbTarget;
import io.replkit.rdb.write.RdbWriter;
import io.replkit.rdb.write.RdbWriterOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RdbConvertCommandTest {

    @TempDir
    Path dir;

    /** The rdb module's fixtures (real dumps), as the inspect tests use them. */
    static final Path FIXTURES = Path.of("..", "rdb", "src", "test", "resources", "fixtures");

    static Path fixture(String name) {
        return FIXTURES.resolve(name).resolve("dump.rdb");
    }

    @ParameterizedTest(name = "{0} to RDB {1}")
    @CsvSource({"redis-7.0.15, 9", "redis-7.0.15, 11", "redis-7.4.1, 12", "valkey-8.0.1, 10", "redis-2.8.24, 12",
        "redis-6.2.16-lfu, 10", "redis-7.2.6-lru, 9"})
    void convertedFilesHoldTheSameDataAsTheirInput(String fixture, int version) throws IOException {
        Path out = dir.resolve("out.rdb");
        CliRunner.Result r = CliRunner.run("rdb-convert", fixture(fixture).toString(), out.toString(),
            "--target-version", String.valueOf(version), "--drop-functions");
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        assertEquals(version, header(out).version());
        CliRunner.Result diff = CliRunner.run("rdb-diff", fixture(fixture).toString(), out.toString());
        assertEquals(ExitCode.OK, diff.exitCode(), diff.stdout() + diff.stderr());
        assertTrue(diff.stderr().contains("0 differ (in lockstep"), diff.stderr());
    }

    @Test
    void withoutATargetTheInputsVersionIsKept() throws IOException {
        Path out = dir.resolve("out.rdb");
        assertEquals(ExitCode.OK, CliRunner.run("rdb-convert", fixture("redis-7.2.6").toString(), out.toString()).exitCode());
        assertEquals(11, header(out).version());
        assertEquals(ExitCode.OK, CliRunner.run("rdb-diff", fixture("redis-7.2.6").toString(), out.toString(), "--encoding").exitCode());
    }

    @Test
    void aValueTheTargetCannotHoldFailsAndLeavesNoFile() throws IOException {
        Path out = dir.resolve("out.rdb");
        CliRunner.Result r = CliRunner.run("rdb-convert", fixture("redis-7.4.1").toString(), out.toString(), "--target-redis", "7.2");
        assertEquals(ExitCode.FAILURE, r.exitCode());
        assertEquals("replkit: key \"hfe:small\" (db 0): a hash with field TTLs cannot be written to RDB version 11 (needs 12)",
            r.stderr().strip());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "no output and no temp file");
        }
    }

    @Test
    void functionLibrariesBeforeRdb10FailUnlessDropped() throws IOException {
        Path out = dir.resolve("out.rdb");
        CliRunner.Result r = CliRunner.run("rdb-convert", fixture("redis-7.0.15").toString(), out.toString(), "--target-version", "9");
        assertEquals(ExitCode.FAILURE, r.exitCode());
        assertTrue(r.stderr().contains("cannot be written to RDB version 9 (needs 10); --drop-functions leaves function libraries out"),
            r.stderr());
        assertFalse(Files.exists(out));
        CliRunner.Result dropped = CliRunner.run("rdb-convert", fixture("redis-7.0.15").toString(), out.toString(),
            "--target-version", "9", "--drop-functions");
        assertEquals(ExitCode.OK, dropped.exitCode(), dropped.stderr());
        assertTrue(dropped.stderr().contains("2 function libraries left out"), dropped.stderr());
        assertEquals(0, records(out).stream().filter(x -> x instanceof FunctionLibrary).count());
    }

    @Test
    void aSingleDroppedFunctionLibraryIsCountedInTheSingular() throws IOException {
        FunctionLibrary first = (FunctionLibrary) records(fixture("redis-7.0.15")).stream()
            .filter(x -> x instanceof FunctionLibrary).findFirst().orElseThrow();
        Path in = dir.resolve("one-library.rdb");
        try (OutputStream os = Files.newOutputStream(in)) {
            RdbWriter w = new RdbWriter(os, RdbWriterOptions.defaults(RdbTarget.version(10)));
            w.writeHeader();
            w.writeFunctionLibrary(first);
            w.finish();
        }
        CliRunner.Result r = CliRunner.run("rdb-convert", in.toString(), dir.resolve("out.rdb").toString(),
            "--target-version", "9", "--drop-functions");
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains(", 1 function library left out, "), r.stderr());
    }

    @Test
    void auxFieldsNameTheTargetAndKeepTheReplicationId() throws IOException {
        Path out = dir.resolve("out.rdb");
        long before = System.currentTimeMillis() / 1000;
        assertEquals(ExitCode.OK, CliRunner.run("rdb-convert", fixture("redis-7.0.15").toString(), out.toString(),
            "--target-redis", "6.2", "--drop-functions").exitCode());
        Map<String, String> in = aux(fixture("redis-7.0.15"));
        Map<String, String> aux = aux(out);
        assertEquals("6.2.0", aux.get("redis-ver"));
        assertTrue(Long.parseLong(aux.get("ctime")) >= before, aux.toString());
        assertEquals(in.get("repl-id"), aux.get("repl-id"));
        assertEquals(in.get("repl-offset"), aux.get("repl-offset"));
        assertEquals(in.get("used-mem"), aux.get("used-mem"));
    }

    @Test
    void filtersAndRenamedDatabasesChooseWhatIsWrittenWhere() throws IOException {
        Path in = TestRdb.redis(9).select(0).string("a", "0").select(1).string("b", "1").string("c", "1")
            .select(3).string("d", "3").write(dir.resolve("in.rdb"));
        Path out = dir.resolve("out.rdb");
        CliRunner.Result r = CliRunner.run("rdb-convert", in.toString(), out.toString(), "--db", "1", "--db", "3",
            "--rename-db", "3:0", "--rename-db", "1:7", "--regex", "[bd]");
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        List<String> keys = new ArrayList<>();
        for (RdbRecord rec : records(out)) {
            if (rec instanceof KeyEntry k) {
                keys.add(k.db() + ":" + new String(k.key(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("7:b", "0:d"), keys);
    }

    @Test
    void standardInputToStandardOutput() throws IOException {
        byte[] in = TestRdb.redis(9).select(0).string("k", "v").list("l", "a", "b").bytes();
        InputStream saved = System.in;
        CliRunner.Result r;
        System.setIn(new ByteArrayInputStream(in));
        try {
            r = CliRunner.run("rdb-convert", "-", "-", "--target-version", "11");
        } finally {
            System.setIn(saved);
        }
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        Path out = Files.write(dir.resolve("out.rdb"), r.stdoutBytes());
        assertEquals(11, header(out).version());
        Path orig = Files.write(dir.resolve("in.rdb"), in);
        assertEquals(ExitCode.OK, CliRunner.run("rdb-diff", orig.toString(), out.toString()).exitCode());
    }

    @Test
    void compressionCanBeTurnedOff() throws IOException {
        Path on = dir.resolve("on.rdb");
        Path off = dir.resolve("off.rdb");
        assertEquals(ExitCode.OK, CliRunner.run("rdb-convert", fixture("redis-7.0.15").toString(), on.toString()).exitCode());
        assertEquals(ExitCode.OK, CliRunner.run("rdb-convert", fixture("redis-7.0.15").toString(), off.toString(), "--no-compress").exitCode());
        assertTrue(Files.size(off) > Files.size(on), Files.size(off) + " vs " + Files.size(on));
        assertEquals(ExitCode.OK, CliRunner.run("rdb-diff", on.toString(), off.toString()).exitCode());
    }

    @Test
    void badTargetsAndRenamesAreUsageErrors() {
        assertEquals(ExitCode.USAGE, CliRunner.run("rdb-convert", "a.rdb", "b.rdb", "--target-version", "13").exitCode());
        assertEquals(ExitCode.USAGE, CliRunner.run("rdb-convert", "a.rdb", "b.rdb", "--target-redis", "9.9").exitCode());
        assertEquals(ExitCode.USAGE, CliRunner.run("rdb-convert", "a.rdb", "b.rdb", "--rename-db", "1-2").exitCode());
        assertEquals(ExitCode.USAGE, CliRunner.run("rdb-convert", "a.rdb", "b.rdb", "--target-version", "9", "--target-redis", "7.0").exitCode());
    }

    static RdbHeader header(Path p) throws IOException {
        return (RdbHeader) records(p).get(0);
    }

    static List<RdbRecord> records(Path p) throws IOException {
        List<RdbRecord> out = new ArrayList<>();
        try (RdbReader r = RdbReader.open(p)) {
            for (RdbRecord rec; (rec = r.next()) != null; ) {
                if (rec instanceof KeyEntry k) {
                    k.skip();
                }
                out.add(rec);
            }
        }
        return out;
    }

    static Map<String, String> aux(Path p) throws IOException {
        Map<String, String> out = new HashMap<>();
        for (RdbRecord rec : records(p)) {
            if (rec instanceof AuxField a) {
                out.put(a.name(), a.valueAsString());
            }
        }
        return out;
    }
}
