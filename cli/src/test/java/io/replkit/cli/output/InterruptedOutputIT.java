package io.replkit.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command stopped by a signal while it writes its output file (Ctrl-C and SIGTERM both run the
 * JVM's shutdown hooks) leaves neither the file nor its temp file behind. Runs the built jar in
 * its own JVM, since the signal ends the process.
 */
class InterruptedOutputIT {

    private static final Path JAR = Path.of("target", "replkit.jar");
    private static final Path FIXTURE = Path.of("..", "rdb", "src", "test", "resources", "fixtures", "redis-7.0.15", "dump.rdb");

    @TempDir
    Path dir;

    @Test
    void rdbConvertStoppedMidInputLeavesNoFile() throws Exception {
        byte[] rdb = Files.readAllBytes(FIXTURE);
        Process p = replkit("rdb-convert", "-", dir.resolve("out.rdb").toString(), "--target-version", "10");
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write(Arrays.copyOf(rdb, rdb.length / 2)); // the rest never comes: the conversion waits
            stdin.flush();
            awaitTempFile(p);
            assertStoppedLeavingNothing(p);
        }
    }

    @RedisTest
    @RedisConfig({"repl-diskless-sync yes", "repl-diskless-sync-delay 0", "rdbcompression no", "rdb-key-save-delay 50000"})
    void dumpStoppedMidTransferLeavesNoFile(RedisServer redis) throws Exception {
        try (TestRedisClient c = redis.client()) {
            byte[] value = new byte[1000];
            for (int i = 0; i < 400; i++) {
                // 50 ms each to save: a 20 s transfer, whose first 16 KB buffer arrives within a second
                c.call("SET", "k:" + i, value);
            }
        }
        Process p = replkit("dump", "--master", redis.uri(), "-o", dir.resolve("dump.rdb").toString());
        awaitTempFile(p);
        assertStoppedLeavingNothing(p);
    }

    private static Process replkit(String... args) throws IOException {
        Assumptions.assumeTrue(Files.exists(JAR), "the shaded jar is built by mvn package");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Waits until the output's temp file exists: the command has begun writing it. */
    private void awaitTempFile(Process p) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (listDir().isEmpty()) {
            assertTrue(p.isAlive(), "replkit ended before writing: exit " + (p.isAlive() ? "" : p.exitValue()));
            assertTrue(System.currentTimeMillis() < deadline, "no temp file appeared");
            Thread.sleep(20);
        }
    }

    private void assertStoppedLeavingNothing(Process p) throws Exception {
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "replkit did not exit");
        assertEquals(143, p.exitValue());
        assertEquals(List.of(), listDir(), "files left behind");
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
