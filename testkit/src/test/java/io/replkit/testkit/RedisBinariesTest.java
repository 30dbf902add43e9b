package io.replkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisBinariesTest {

    @TempDir
    Path tmp;

    @Test
    void parsesVersions() {
        assertEquals(new RedisVersion(7, 0, 15), RedisVersion.parse("7.0.15"));
        assertEquals(new RedisVersion(7, 0, 0), RedisVersion.parse("7.0"));
        assertEquals(new RedisVersion(6, 2, 11), RedisVersion.parse(" 6.2.11 "));
        assertEquals("7.0.15", RedisVersion.parse("7.0.15").toString());
        assertThrows(IllegalArgumentException.class, () -> RedisVersion.parse("7"));
        assertThrows(IllegalArgumentException.class, () -> RedisVersion.parse("seven"));
        assertThrows(IllegalArgumentException.class, () -> RedisVersion.parse("7.0.15-rc1"));
    }

    @Test
    void parsesVersionOutput() {
        assertEquals(new RedisVersion(7, 0, 15), RedisVersion.parseVersionOutput(
                "Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=e08dbad3e06f3fb\n"));
        assertEquals(new RedisVersion(6, 2, 11), RedisVersion.parseVersionOutput(
                "Redis server v=6.2.11 sha=00000000:0 malloc=jemalloc-5.1.0 bits=64 build=f5b1f28871c566b4"));
        assertEquals(new RedisVersion(7, 4, 2), RedisVersion.parseVersionOutput(
                "Redis server v=7.4.2 sha=a0b1c2d3:1 malloc=libc bits=64 build=1"));
        assertThrows(IllegalArgumentException.class, () -> RedisVersion.parseVersionOutput("bash: redis-server: not found"));
        assertThrows(IllegalArgumentException.class, () -> RedisVersion.parseVersionOutput(null));
    }

    @Test
    void comparesVersions() {
        RedisVersion v7015 = RedisVersion.parse("7.0.15");
        assertTrue(v7015.atLeast(7, 0));
        assertTrue(v7015.atLeast(6, 2));
        assertTrue(v7015.atLeast(7, 0, 15));
        assertFalse(v7015.atLeast(7, 0, 16));
        assertFalse(v7015.atLeast(7, 2));
        assertFalse(RedisVersion.parse("6.2.11").atLeast(7, 0));
        assertTrue(RedisVersion.parse("10.0.0").compareTo(RedisVersion.parse("9.9.9")) > 0); // numeric, not lexical
        assertTrue(RedisVersion.parse("7.0.9").compareTo(RedisVersion.parse("7.0.10")) < 0);
        assertEquals(0, RedisVersion.parse("7.0").compareTo(RedisVersion.parse("7.0.0")));
    }

    @Test
    void dedupsByVersionKeepingTheFirstAndSortsNewestFirst() {
        RedisBinary a = new RedisBinary(Path.of("/a/redis-server"), RedisVersion.parse("6.2.11"));
        RedisBinary b = new RedisBinary(Path.of("/b/redis-server"), RedisVersion.parse("7.0.15"));
        RedisBinary c = new RedisBinary(Path.of("/c/redis-server"), RedisVersion.parse("6.2.11"));
        List<RedisBinary> deduped = RedisBinaries.dedupByVersion(List.of(a, b, c));
        assertEquals(List.of(a, b), deduped);
        assertEquals(List.of(b, a), RedisBinaries.sortNewestFirst(deduped));
    }

    @Test
    void envNamesExactlyItsBinariesAndDedups() throws IOException {
        Path one = fakeServer("one", "7.2.4");
        Path two = fakeServer("two", "6.0.20");
        Path three = fakeServer("three", "7.2.4");
        List<RedisBinary> found = RedisBinaries.discover(one + ":" + two + ":" + three, "/nonexistent", true);
        assertEquals(List.of(new RedisBinary(one, RedisVersion.parse("7.2.4")),
                new RedisBinary(two, RedisVersion.parse("6.0.20"))), found);
    }

    @Test
    void envNamingAMissingFileIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RedisBinaries.discover(tmp.resolve("nope/redis-server").toString(), null, true));
        assertTrue(e.getMessage().contains(RedisBinaries.ENV), e.getMessage());
    }

    @Test
    void binaryThatPrintsNoVersionIsAnError() throws IOException {
        Path bad = tmp.resolve("bad/redis-server");
        Files.createDirectories(bad.getParent());
        writeScript(bad, "#!/bin/sh\necho hello\n");
        assertThrows(IllegalStateException.class, () -> RedisBinaries.probe(bad));
    }

    @Test
    void findsOnPathKeepingTheFileNameOfASymlink() throws IOException {
        // like Debian: /usr/bin/redis-server -> redis-check-rdb; argv[0] must stay "redis-server"
        Path real = tmp.resolve("realbin");
        Files.createDirectories(real);
        Path checker = real.resolve("redis-check-rdb");
        writeScript(checker, "#!/bin/sh\necho 'Redis server v=7.0.15 sha=0'\n");
        Files.createSymbolicLink(real.resolve("redis-server"), checker.getFileName());
        Path linkedDir = tmp.resolve("linkeddir");
        Files.createSymbolicLink(linkedDir, real);

        String pathValue = tmp.resolve("empty") + ":" + linkedDir + ":" + tmp.resolve("later");
        Path found = RedisBinaries.findOnPath("redis-server", pathValue).orElseThrow();
        assertEquals(real.toRealPath().resolve("redis-server"), found);

        List<RedisBinary> discovered = RedisBinaries.discover(null, pathValue, false);
        assertEquals(List.of(new RedisBinary(found, RedisVersion.parse("7.0.15"))), discovered);
        assertTrue(RedisBinaries.findOnPath("redis-server", tmp.resolve("empty").toString()).isEmpty());
        assertTrue(RedisBinaries.findOnPath("redis-server", null).isEmpty());
    }

    @Test
    void checkRdbPrefersTheSiblingElseSymlinksToTheServer() throws IOException {
        Path withSibling = fakeServer("sib", "7.0.1");
        Path sibling = withSibling.resolveSibling("redis-check-rdb");
        writeScript(sibling, "#!/bin/sh\nexit 0\n");
        assertEquals(sibling, RedisBinaries.probe(withSibling).checkRdb());

        Path alone = fakeServer("alone", "7.0.2");
        Path link = RedisBinaries.probe(alone).checkRdb();
        assertEquals("redis-check-rdb", link.getFileName().toString());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(alone.toAbsolutePath(), Files.readSymbolicLink(link));
        assertEquals(link, RedisBinaries.probe(alone).checkRdb());
        RedisServer.deleteTree(link.getParent()); // its target goes away with @TempDir
    }

    @Test
    void extractsTheEmbeddedBinaryOnce() throws Exception {
        assumeTrue(RedisBinaries.embeddedSupported(), "embedded redis-server runs on Linux x86-64 only");
        Path first = RedisBinaries.embedded();
        Path second = RedisBinaries.embedded();
        assertEquals(first, second);
        assertTrue(Files.isExecutable(first));
        assertEquals("redis-server", first.getFileName().toString());
        assertTrue(first.getParent().getFileName().toString().startsWith("replkit-redis-bin-"));
        RedisBinary b = RedisBinaries.probe(first);
        assertEquals(6, b.version().major());
        assertEquals(2, b.version().minor());
    }

    @Test
    void allIsNewestFirstWithoutDuplicateVersions() {
        List<RedisBinary> all = RedisBinaries.all();
        assertFalse(all.isEmpty());
        assertEquals(RedisBinaries.sortNewestFirst(RedisBinaries.dedupByVersion(all)), all);
        assertEquals(all.get(0), RedisBinaries.newest());
        assertEquals(all.get(all.size() - 1), RedisBinaries.oldest());
    }

    @Test
    void parsesInfo() {
        Map<String, String> info = TestRedisClient.parseInfo(
                "# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n\r\n# Clients\r\nconnected_clients:1\r\n");
        assertEquals(Map.of("redis_version", "7.0.15", "redis_mode", "standalone", "connected_clients", "1"), info);
    }

    private Path fakeServer(String dirName, String version) throws IOException {
        Path dir = tmp.resolve(dirName);
        Files.createDirectories(dir);
        Path p = dir.resolve("redis-server");
        writeScript(p, "#!/bin/sh\necho 'Redis server v=" + version + " sha=00000000:0 malloc=libc bits=64 build=0'\n");
        return p;
    }

    private static void writeScript(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
