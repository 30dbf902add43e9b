package io.replkit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One real redis-server process on 127.0.0.1, in its own temp directory, for one test.
 *
 * <p>It runs with a generated {@code redis.conf} in {@link #dir()}:
 * <pre>
 * port &lt;free port&gt;
 * bind 127.0.0.1
 * dir &lt;dir&gt;
 * save ""
 * appendonly no
 * daemonize no
 * logfile &lt;dir&gt;/redis.log
 * protected-mode no
 * enable-debug-command yes     (7.0 and newer)
 * &lt;extra lines, verbatim, in order&gt;
 * </pre>
 * Later lines win, so extra lines may override the defaults (e.g. {@code "appendonly yes"}).
 *
 * <p>Replication tests: from 7.0 on a primary syncs replicas diskless after
 * {@code repl-diskless-sync-delay} (5 s by default); give the primary
 * {@code "repl-diskless-sync-delay 0"} to make a full sync start at once.
 *
 * <p>{@link #close()} stops the process by its pid (SIGTERM, up to 5 s, then SIGKILL) and deletes
 * the directory. Never SHUTDOWN, never by name. Servers still running when the JVM exits are
 * killed by a shutdown hook.
 */
public final class RedisServer implements AutoCloseable {

    /** How long {@link #start} waits for PING to answer. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** How long {@link #stop()} waits after SIGTERM before SIGKILL. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private static final String HOST = "127.0.0.1";
    private static final int START_ATTEMPTS = 5;
    private static final Set<RedisServer> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (RedisServer s : RUNNING) {
                s.process.destroyForcibly();
            }
        }, "replkit-redis-reaper"));
    }

    private final RedisBinary binary;
    private final Path dir;
    private final int port;
    private final Process process;
    private volatile boolean stopped;
    private volatile boolean deleted;

    private RedisServer(RedisBinary binary, Path dir, int port, Process process) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts a server and waits until it answers PING.
     *
     * @param binary           which redis-server to run
     * @param extraConfigLines redis.conf lines appended after the defaults, e.g.
     *                         {@code "maxmemory-policy allkeys-lfu"}, {@code "replicaof 127.0.0.1 6380"}
     * @throws IllegalStateException when it does not come up; the message has the log tail
     */
    public static RedisServer start(RedisBinary binary, String... extraConfigLines) {
        return start(binary, Arrays.asList(extraConfigLines), null);
    }

    /** Like {@link #start(RedisBinary, String...)} with the lines as a list. */
    public static RedisServer start(RedisBinary binary, List<String> extraConfigLines) {
        return start(binary, extraConfigLines, null);
    }

    /**
     * Starts a server that loads {@code rdb} at startup: the file is copied into the new server's
     * directory as {@code dump.rdb} before it starts. (The server fails to start, and this throws
     * with the log tail, when it cannot load the file.)
     */
    public static RedisServer startWithRdb(RedisBinary binary, Path rdb, String... extraConfigLines) {
        if (!Files.isRegularFile(rdb)) {
            throw new IllegalArgumentException("no such RDB file: " + rdb);
        }
        return start(binary, Arrays.asList(extraConfigLines), rdb);
    }

    private static RedisServer start(RedisBinary binary, List<String> extra, Path rdb) {
        Path dir;
        try {
            dir = Files.createTempDirectory("replkit-server-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temp directory for redis-server", e);
        }
        String failure = null;
        RedisServer server = null;
        try {
            if (rdb != null) {
                Files.copy(rdb, dir.resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
            }
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int port = freePort();
                Process p = launch(binary, dir, port, extra);
                server = new RedisServer(binary, dir, port, p);
                RUNNING.add(server);
                String problem = server.awaitReady();
                if (problem == null) {
                    return server;
                }
                server.stop();
                String log = server.log();
                failure = binary + " did not start on port " + port + " (attempt " + attempt + "): "
                        + problem + "\n--- log tail (" + dir + ") ---\n" + tail(log, 40);
                if (!log.contains("Address already in use")) {
                    break;
                }
                Files.deleteIfExists(dir.resolve("redis.log"));
                Files.deleteIfExists(dir.resolve("stdout.log"));
            }
        } catch (IOException e) {
            abandon(server, dir);
            throw new UncheckedIOException("cannot start " + binary, e);
        } catch (RuntimeException | Error e) {
            abandon(server, dir);
            throw e;
        }
        deleteTree(dir);
        throw new IllegalStateException(failure);
    }

    private static void abandon(RedisServer server, Path dir) {
        if (server != null) {
            server.stop();
        }
        deleteTree(dir);
    }

    private static Process launch(RedisBinary binary, Path dir, int port, List<String> extra) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("port " + port);
        lines.add("bind " + HOST);
        lines.add("dir " + quote(dir.toString()));
        lines.add("save \"\"");
        lines.add("appendonly no");
        lines.add("daemonize no");
        lines.add("logfile " + quote(dir.resolve("redis.log").toString()));
        lines.add("protected-mode no");
        if (binary.atLeast(7, 0)) {
            lines.add("enable-debug-command yes");
        }
        lines.addAll(extra);
        Path conf = dir.resolve("redis.conf");
        Files.write(conf, lines, StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(binary.path().toString(), conf.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        IOException last = null;
        for (int i = 0; i < 5; i++) {
            try {
                return pb.start();
            } catch (IOException e) {
                // e.g. "Text file busy" right after another thread extracted the binary
                last = e;
                sleep(100L * (i + 1));
            }
        }
        throw last;
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }

    /** Returns null when PING answers, else what went wrong. */
    private String awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String lastProblem = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return "redis-server exited with code " + process.exitValue();
            }
            try (TestRedisClient c = new TestRedisClient(HOST, port, Duration.ofSeconds(2))) {
                Object reply = c.call("PING");
                if ("PONG".equals(reply)) {
                    return null;
                }
                lastProblem = "PING answered " + reply;
            } catch (RedisErrorReply e) {
                lastProblem = "PING answered -" + e.getMessage(); // e.g. LOADING while reading an RDB
            } catch (UncheckedIOException e) {
                lastProblem = e.getMessage();
            }
            sleep(20);
        }
        return "no PONG within " + START_TIMEOUT.toSeconds() + " s (" + lastProblem + ")";
    }

    /**
     * A TCP port that was free on 127.0.0.1 a moment ago (bound to port 0, read, closed). Another
     * process may take it before redis does; {@link #start} retries on "Address already in use".
     */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    /** Always {@code "127.0.0.1"}. */
    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** {@code "redis://127.0.0.1:PORT"}. */
    public String uri() {
        return "redis://" + HOST + ":" + port;
    }

    /** {@code "127.0.0.1:PORT"}, the form {@code replicaof}-style arguments want split. */
    public String hostAndPort() {
        return HOST + ":" + port;
    }

    /** The server's own temp directory (its {@code dir}: dump.rdb, redis.conf, redis.log). */
    public Path dir() {
        return dir;
    }

    /** {@code dir()/dump.rdb}: where SAVE / BGSAVE write (unless the test set dbfilename). */
    public Path rdbFile() {
        return dir.resolve("dump.rdb");
    }

    public RedisBinary binary() {
        return binary;
    }

    public RedisVersion version() {
        return binary.version();
    }

    public long pid() {
        return process.pid();
    }

    /** Whether the process is still running. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * The server's log ({@code redis.log}), plus anything it printed to stdout/stderr (e.g. a
     * config error before the log file opened). Empty when there is none (or the directory is
     * already deleted).
     */
    public String log() {
        StringBuilder sb = new StringBuilder();
        sb.append(readQuietly(dir.resolve("redis.log")));
        String stdout = readQuietly(dir.resolve("stdout.log"));
        if (!stdout.isBlank()) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
                sb.append('\n');
            }
            sb.append("--- stdout/stderr ---\n").append(stdout);
        }
        return sb.toString();
    }

    /** A new client connected to this server; close it (try-with-resources). */
    public TestRedisClient client() {
        return new TestRedisClient(HOST, port);
    }

    /**
     * Stops the process by its pid: SIGTERM, wait up to 5 s, then SIGKILL. Keeps the directory
     * (so a test can still read {@link #log()} or the files). Idempotent.
     */
    public void stop() {
        if (stopped) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(process.pid());
        handle.ifPresent(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                handle.ifPresent(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        stopped = true;
        RUNNING.remove(this);
    }

    /** {@link #stop()}, then deletes the directory. Idempotent. */
    @Override
    public void close() {
        stop();
        if (!deleted) {
            deleted = true;
            deleteTree(dir);
        }
    }

    @Override
    public String toString() {
        return "redis " + binary.version() + " on " + HOST + ":" + port + " (pid " + process.pid() + ")";
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n", -1);
        int from = Math.max(0, all.length - lines);
        return String.join("\n", Arrays.asList(all).subList(from, all.length));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** Double-quoted for redis.conf (which splits lines like a shell, with C-style escapes). */
    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: a leftover temp dir is not worth failing a test over
        }
    }
}
