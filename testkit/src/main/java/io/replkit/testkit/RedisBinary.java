package io.replkit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One redis-server executable and the version it reports.
 *
 * <p>Found by {@link RedisBinaries}; injected into {@link RedisTest} methods as a parameter.
 *
 * @param path    the executable, as it is to be run (not following a final symlink, because
 *                redis-server picks its mode from {@code argv[0]})
 * @param version what {@code redis-server --version} reported
 */
public record RedisBinary(Path path, RedisVersion version) {

    private static final Map<Path, Path> CHECK_RDB = new ConcurrentHashMap<>();

    public RedisBinary {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(version, "version");
    }

    /** Same as {@code version().atLeast(major, minor)}. */
    public boolean atLeast(int major, int minor) {
        return version.atLeast(major, minor);
    }

    /**
     * A {@code redis-check-rdb} executable to use with this server: the one next to the binary if
     * there is one, else a symlink named {@code redis-check-rdb} (in a directory under
     * {@code java.io.tmpdir}) pointing at this redis-server, which runs as redis-check-rdb when
     * {@code argv[0]} ends with that name. Usage: {@code <checkRdb> <file.rdb>}; exit code 0 when
     * the file is sound.
     */
    public Path checkRdb() {
        return CHECK_RDB.computeIfAbsent(path, p -> {
            Path sibling = p.resolveSibling("redis-check-rdb");
            if (Files.isRegularFile(sibling) && Files.isExecutable(sibling)) {
                return sibling;
            }
            try {
                return symlinkCheckRdb(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a redis-check-rdb symlink to " + p, e);
            }
        });
    }

    private static Path symlinkCheckRdb(Path server) throws IOException {
        Path target = server.toAbsolutePath();
        String hash = RedisBinaries.sha256Hex(target.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "replkit-check-rdb-" + hash);
        Files.createDirectories(dir);
        Path link = dir.resolve("redis-check-rdb");
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
            return link;
        }
        // create under a unique name, then rename over: safe when several JVMs do it at once
        Path tmp = dir.resolve("link-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
        Files.createSymbolicLink(tmp, target);
        try {
            Files.move(tmp, link, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return link;
    }

    /** {@code "redis-server 7.0.15 (/usr/bin/redis-server)"}. */
    @Override
    public String toString() {
        return "redis-server " + version + " (" + path + ")";
    }
}
