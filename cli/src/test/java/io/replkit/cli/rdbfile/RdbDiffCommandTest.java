package io.replkit.cli.rdbfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.cli.CliRunner;
import io.replkit.cli.ExitCode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RdbDiffCommandTest {
    static final long T1 = 2000000000000L;
    static final long T2 = 2100000000000L;

    @TempDir
    Path dir;

    /** A: one key of each kind; B: the same keys in the same order, each changed in one way. */
    static TestRdb a() {
        return TestRdb.redis(12).select(0)
            .string("same", "unchanged")
            .string("s1", "hello")
            .expireAt(T1).string("s2", "x")
            .list("l1", "a", "b", "c")
            .set("set1", "m1", "m2", "m3")
            .zset("z1", "a", 1.0, "b", 2.0)
            .hash("h1", "f1", "v1", "f2", "v2")
            .hashWithTtls("ht", "f1", "v1", T1, "f2", "v2", -1L)
            .string("t1", "was a string")
            .select(1).string("d1", "db1")
            .string("gone", "bye");
    }

    static TestRdb b() {
        return TestRdb.redis(12).select(0)
            .string("same", "unchanged")
            .string("s1", "hello!")
            .expireAt(T2).string("s2", "x")
            .list("l1", "a", "B", "c", "d")
            .set("set1", "m3", "m1", "m4")
            .zset("z1", "a", 1.0, "b", 2.5, "c", 3.0)
            .hash("h1", "f1", "v1x", "f3", "v3")
            .hashWithTtls("ht", "f1", "v1", T1 + 999, "f2", "v2", T2)
            .list("t1", "was a string")
            .select(1).string("d1", "db1");
    }

    static final List<String> EXPECTED_TEXT = List.of(
        "differs    db 0  \"s1\"  string",
        "    value: \"hello\" vs \"hello!\"",
        "differs    db 0  \"s2\"  string",
        "    expiry: 2033-05-18T03:33:20Z (2000000000000) vs 2036-07-18T13:20:00Z (2100000000000)",
        "differs    db 0  \"l1\"  list",
        "    length: 3 vs 4",
        "    element at index 1: \"b\" vs \"B\"",
        "differs    db 0  \"set1\"  set",
        "    member \"m2\": only in A",
        "    member \"m4\": only in B",
        "differs    db 0  \"z1\"  zset",
        "    score of member \"b\": 2 vs 2.5",
        "    member \"c\": only in B (3)",
        "differs    db 0  \"h1\"  hash",
        "    value of field \"f1\": \"v1\" vs \"v1x\"",
        "    field \"f2\": only in A (\"v2\")",
        "    field \"f3\": only in B (\"v3\")",
        "differs    db 0  \"ht\"  hash",
        "    field expiry of field \"f1\": 2033-05-18T03:33:20Z (2000000000000) vs 2033-05-18T03:33:20.999Z (2000000000999)",
        "    field expiry of field \"f2\": none vs 2036-07-18T13:20:00Z (2100000000000)",
        "differs    db 0  \"t1\"  string",
        "    type: string vs list",
        "only in A  db 1  \"gone\"  string");

    @Test
    void identicalFilesAreEqualWithExitCode0() throws Exception {
        Path a = a().write(dir.resolve("a.rdb"));
        Path b = a().write(dir.resolve("b.rdb"));
        CliRunner.Result r = CliRunner.run("rdb-diff", a.toString(), b.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().startsWith("rdb-diff: A has 11 keys, B 11: 11 equal, 0 only in A, 0 only in B, 0 differ (in lockstep"), r.stderr());
    }

    @Test
    void eachKindOfDifferenceIsNamedInLockstep() throws Exception {
        Path a = a().write(dir.resolve("a.rdb"));
        Path b = b().write(dir.resolve("b.rdb"));
        CliRunner.Result r = CliRunner.run("rdb-diff", a.toString(), b.toString());
        assertEquals(ExitCode.FAILURE, r.exitCode(), r.stderr());
        assertEquals(EXPECTED_TEXT, r.stdout().lines().toList());
        assertTrue(r.stderr().startsWith("rdb-diff: A has 11 keys, B 10: 2 equal, 1 only in A, 0 only in B, 8 differ (in lockstep"), r.stderr());
    }

    /** B's keys in another order: the diff leaves lockstep at once and indexes B. */
    static TestRdb bReordered() {
        return TestRdb.redis(12).select(1).string("d1", "db1")
            .select(0)
            .list("t1", "was a string")
            .hashWithTtls("ht", "f1", "v1", T1 + 999, "f2", "v2", T2)
            .hash("h1", "f1", "v1x", "f3", "v3")
            .zset("z1", "c", 3.0, "b", 2.5, "a", 1.0)
            .set("set1", "m4", "m3", "m1")
            .list("l1", "a", "B", "c", "d")
            .expireAt(T2).string("s2", "x")
            .string("s1", "hello!")
            .string("same", "unchanged");
    }

    @Test
    void filesInAnotherOrderGiveTheSameReportThroughTheIndex() throws Exception {
        Path a = a().write(dir.resolve("a.rdb"));
        Path b = bReordered().write(dir.resolve("b.rdb"));
        CliRunner.Result r = CliRunner.run("rdb-diff", a.toString(), b.toString());
        assertEquals(ExitCode.FAILURE, r.exitCode(), r.stderr());
        assertEquals(EXPECTED_TEXT, r.stdout().lines().toList());
        assertTrue(r.stderr().contains("2 equal, 1 only in A, 0 only in B, 8 differ (0 keys in lockstep, then an index of 10 keys of B"),
            r.stderr());
    }

    @Test
    void keysOnlyInBAreListedAfterTheStreamedFileInBsOrder() throws Exception {
        Path a = TestRdb.redis(9).string("k1", "v").string("k2", "v").write(dir.resolve("a.rdb"));
        Path b = TestRdb.redis(9).string("n2", "v").string("k2", "v").string("n1", "v").string("k1", "v").write(dir.resolve("b.rdb"));
        CliRunner.Result r = CliRunner.run("rdb-diff", a.toString(), b.toString());
        assertEquals(ExitCode.FAILURE, r.exitCode(), r.stderr());
        assertEquals(List.of("only in B  db 0  \"n2\"  string", "only in B  db 0  \"n1\"  string"), r.stdout().lines().toList());
        assertTrue(r.stderr().contains("2 equal, 0 only in A, 2 only in B, 0 differ"), r.stderr());
    }

    @Test
    void standardInputCanBeEitherSide() throws Exception {
        Path a = a().write(dir.resolve("a.rdb"));
        Path b = bReordered().write(dir.resolve("b.rdb"));
        CliRunner.Result streamedA = withStdin(a().bytes(), "rdb-diff", "-", b.toString());
        assertEquals(ExitCode.FAILURE, streamedA.exitCode(), streamedA.stderr());
        assertEquals(EXPECTED_TEXT, streamedA.stdout().lines().toList());

        // B from stdin: A is indexed, B streamed, so the keys come in B's order and "gone" last
        CliRunner.Result streamedB = withStdin(bReordered().bytes(), "rdb-diff", a.toString(), "-");
        assertEquals(ExitCode.FAILURE, streamedB.exitCode(), streamedB.stderr());
        assertEquals(blocks(EXPECTED_TEXT), blocks(streamedB.stdout().lines().toList()));
        assertEquals("only in A  db 1  \"gone\"  string", streamedB.stdout().lines().reduce((x, y) -> y).orElseThrow());
        assertTrue(streamedB.stderr().contains("an index of 11 keys of A"), streamedB.stderr());
    }

    @Test
    void bothSidesOnStandardInputIsAUsageError() {
        CliRunner.Result r = CliRunner.run("rdb-diff", "-", "-");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertEquals("replkit: only one of A and B can be standard input", r.stderr().strip());
    }

    @Test
    void jsonLinesNameEachDifferenceAndUseHexForBinaryKeys() throws Exception {
        byte[] binary = {'k', (byte) 0xff, 0};
        Path a = a().string(binary, "v").write(dir.resolve("a.rdb"));
        Path b = b().write(dir.resolve("b.rdb"));
        CliRunner.Result r = CliRunner.run("rdb-diff", a.toString(), b.toString(), "--format", "jsonl");
        assertEquals(ExitCode.FAILURE, r.exitCode(), r.stderr());
        List<String> lines = r.stdout().lines().toList();
        assertEquals(10, lines.size(), r.stdout());
        assertEquals("{\"status\":\"differs\",\"db\":0,\"key\":\"l1\",\"type\":\"list\",\"differences\":["
            + "{\"what\":\"length\",\"a\":3,\"b\":4},{\"what\":\"element\",\"index\":1,\"a\":\"b\",\"b\":\"B\"}],\"more\":0}", lines.get(2));
        assertEquals("{\"status\":\"differs\",\"db\":0,\"key\":\"set1\",\"type\":\"set\",\"differences\":["
            + "{\"what\":\"member\",\"member\":\"m2\",\"only_in\":\"a\"},{\"what\":\"member\",\"member\":\"m4\",\"only_in\":\"b\"}],\"more\":0}",
            lines.get(3));
        assertEquals("{\"status\":\"differs\",\"db\":0,\"key\":\"s2\",\"type\":\"string\",\"differences\":["
            + "{\"what\":\"expire_ms\",\"a\":2000000000000,\"b\":2100000000000}],\"more\":0}", lines.get(1));
        assertEquals("{\"status\":\"differs\",\"db\":0,\"key\":\"h1\",\"type\":\"hash\",\"differences\":["
            + "{\"what\":\"value\",\"field\":\"f1\",\"a\":\"v1\",\"b\":\"v1x\"},{\"what\":\"field\",\"field\":\"f2\",\"only_in\":\"a\",\"a\":\"v2\"},"
            + "{\"what\":\"field\",\"field\":\"f3\",\"only_in\":\"b\",\"b\":\"v3\"}],\"more\":0}", lines.get(5));
        assertEquals("{\"status\":\"only_in_a\",\"db\":1,\"key\":\"gone\",\"type\":\"string\"}", lines.get(8));
        assertEquals("{\"status\":\"only_in_a\",\"db\":1,\"key\":{\"hex\":\"6bff00\"},\"type\":\"string\"}", lines.get(9));
    }

    @Test
    void encodingsAreComparedOnlyWhenAsked() throws Exception {
        Path a = TestRdb.redis(9).set("s", "1", "2", "300").write(dir.resolve("a.rdb"));
        Path b = TestRdb.redis(9).intset("s", 300, 2, 1).write(dir.resolve("b.rdb"));
        assertEquals(ExitCode.OK, CliRunner.run("rdb-diff", a.toString(), b.toString()).exitCode());
        CliRunner.Result r = CliRunner.run("rdb-diff", a.toString(), b.toString(), "--encoding");
        assertEquals(ExitCode.FAILURE, r.exitCode(), r.stderr());
        assertEquals(List.of("differs    db 0  \"s\"  set", "    encoding: SET vs SET_INTSET"), r.stdout().lines().toList());
    }

    @Test
    void maxDetailsCountsWhatItDoesNotList() throws Exception {
        Path a = TestRdb.redis(9).list("l", "a", "b", "c").write(dir.resolve("a.rdb"));
        Path b = TestRdb.redis(9).list("l", "x", "y", "z").write(dir.resolve("b.rdb"));
        CliRunner.Result r = CliRunner.run("rdb-diff", a.toString(), b.toString(), "--max-details", "1");
        assertEquals(List.of("differs    db 0  \"l\"  list", "    element at index 0: \"a\" vs \"x\"", "    ... and 2 more"),
            r.stdout().lines().toList());
    }

    @Test
    void filtersApplyToBothFiles() throws Exception {
        Path a = a().write(dir.resolve("a.rdb"));
        Path b = b().write(dir.resolve("b.rdb"));
        CliRunner.Result r = CliRunner.run("rdb-diff", a.toString(), b.toString(), "--match", "s*", "--type", "string");
        assertEquals(List.of("differs    db 0  \"s1\"  string", "    value: \"hello\" vs \"hello!\"",
            "differs    db 0  \"s2\"  string", EXPECTED_TEXT.get(3)), r.stdout().lines().toList());
        assertTrue(r.stderr().startsWith("rdb-diff: A has 3 keys, B 3: 1 equal"), r.stderr());
        assertEquals(ExitCode.OK, CliRunner.run("rdb-diff", a.toString(), b.toString(), "--db", "1", "--match", "d*").exitCode());
    }

    /** The report as a set of per-key blocks (a key line and its indented detail lines). */
    static java.util.Set<String> blocks(List<String> lines) {
        java.util.Set<String> out = new java.util.HashSet<>();
        StringBuilder cur = null;
        for (String l : lines) {
            if (!l.startsWith(" ")) {
                if (cur != null) {
                    out.add(cur.toString());
                }
                cur = new StringBuilder();
            }
            cur.append(l).append('\n');
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }

    static CliRunner.Result withStdin(byte[] input, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(input));
        try {
            return CliRunner.run(args);
        } finally {
            System.setIn(saved);
        }
    }
}
