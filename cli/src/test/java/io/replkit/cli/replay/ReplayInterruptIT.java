package io.replkit.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file replay stopped by a signal (Ctrl-C, SIGTERM) says how far it got before the JVM exits.
 * Runs the built jar in its own JVM, since the signal ends the process; the target is held with
 * {@code CLIENT PAUSE ... WRITE} so that the replay is certainly mid-way when the signal comes.
 */
class ReplayInterruptIT {
    private static final Path JAR = Path.of("target", "replkit.jar");
    private static final Path FIXTURE = Path.of("..", "rdb", "src", "test", "resources", "fixtures", "redis-7.0.15", "dump.rdb");

    @RedisTest
    void aStoppedFileReplayPrintsWhereItStopped(RedisServer target, @TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.exists(JAR), "the shaded jar is built by mvn package");
        Path stderr = dir.resolve("stderr.txt");
        try (TestRedisClient c = target.client()) {
            c.call("CLIENT", "PAUSE", "30000", "WRITE");
            Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toString(), "replay", FIXTURE.toString(), "--to", target.uri(), "--no-progress"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
            try {
                long deadline = System.currentTimeMillis() + 20_000;
                // the replay connects, then blocks on its first write (its progress is not visible in
                // CLIENT LIST while paused, so it is given a moment to get there)
                while (c.callString("CLIENT", "LIST").lines().count() < 2) {
                    assertTrue(p.isAlive(), "replay ended early: " + Files.readString(stderr));
                    assertTrue(System.currentTimeMillis() < deadline, "the replay never connected: " + Files.readString(stderr));
                    Thread.sleep(50);
                }
                Thread.sleep(1500);
                assertTrue(p.isAlive(), "replay ended although the target is paused: " + Files.readString(stderr));
                p.destroy(); // SIGTERM, which runs the shutdown hooks like Ctrl-C
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "replay did not exit");
            } finally {
                p.destroyForcibly();
                c.call("CLIENT", "UNPAUSE");
            }
            assertEquals(143, p.exitValue());
            String err = Files.readString(stderr);
            assertTrue(err.matches("(?s).*replkit: interrupted at [0-9.]+ MB read; [0-9,]+ requests not answered yet\\n"
                + "replkit: replayed [0-9,]+ keys .*"), err);
        }
    }
}
