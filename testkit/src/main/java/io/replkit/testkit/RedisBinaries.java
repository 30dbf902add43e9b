package io.replkit.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the redis-server executables the tests run against.
 *
 * <ul>
 *   <li>If the environment variable {@value #ENV} is set, exactly the binaries it names: one path,
 *       or several separated by {@code :}. A named file that is missing or does not run is an
 *       error.</li>
 *   <li>Otherwise {@code redis-server} from {@code PATH} (if any) plus the Redis 6.2 binary that
 *       the embedded-redis jar carries (Linux x86-64 only), extracted once under
 *       {@code java.io.tmpdir}.</li>
 * </ul>
 *
 * Binaries reporting the same version are kept once (the first found). The list is sorted newest
 * first.
 */
public final class RedisBinaries {

    /** The environment variable naming the binaries to use instead of the defaults. */
    public static final String ENV = "REDIS_SERVER";

    /** The classpath resource in the embedded-redis jar (it reports 6.2.11). */
    static final String EMBEDDED_RESOURCE = "redis-server-6.2.6-v5-linux-amd64";

    private static volatile List<RedisBinary> cached;

    private RedisBinaries() {
    }

    /**
     * All available binaries, newest first, discovered once per JVM.
     *
     * @throws IllegalStateException when none is found, or {@value #ENV} names a bad one
     */
    public static List<RedisBinary> all() {
        List<RedisBinary> list = cached;
        if (list == null) {
            synchronized (RedisBinaries.class) {
                list = cached;
                if (list == null) {
                    list = discover(System.getenv(ENV), System.getenv("PATH"), true);
                    if (list.isEmpty()) {
                        throw new IllegalStateException("no redis-server found: set " + ENV
                                + " to a redis-server path, put redis-server on PATH, or run on Linux x86-64"
                                + " where the embedded 6.2 binary works");
                    }
                    cached = list;
                }
            }
        }
        return list;
    }

    /** The newest available binary. */
    public static RedisBinary newest() {
        return all().get(0);
    }

    /** The oldest available binary. */
    public static RedisBinary oldest() {
        List<RedisBinary> all = all();
        return all.get(all.size() - 1);
    }

    /** The newest binary of at least {@code major.minor}, if any. */
    public static Optional<RedisBinary> atLeast(int major, int minor) {
        return all().stream().filter(b -> b.atLeast(major, minor)).findFirst();
    }

    /**
     * Discovery with explicit inputs (what {@link #all()} does with the real environment).
     *
     * @param envValue      the value of {@value #ENV}, or null/blank for the defaults
     * @param pathValue     the value of PATH (may be null)
     * @param allowEmbedded whether to add the embedded binary in the default case
     */
    static List<RedisBinary> discover(String envValue, String pathValue, boolean allowEmbedded) {
        List<RedisBinary> found = new ArrayList<>();
        if (envValue != null && !envValue.isBlank()) {
            for (String part : envValue.split(":")) {
                if (part.isBlank()) {
                    continue;
                }
                Path p = Path.of(part.trim()).toAbsolutePath().normalize();
                if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                    throw new IllegalStateException(ENV + " names " + p + ", which is not an executable file");
                }
                found.add(probe(p));
            }
        } else {
            findOnPath("redis-server", pathValue).ifPresent(p -> found.add(probe(p)));
            if (allowEmbedded && embeddedSupported()) {
                found.add(probe(embedded()));
            }
        }
        return sortNewestFirst(dedupByVersion(found));
    }

    /** Keeps the first binary of each version, in order. */
    static List<RedisBinary> dedupByVersion(List<RedisBinary> binaries) {
        Map<RedisVersion, RedisBinary> byVersion = new LinkedHashMap<>();
        for (RedisBinary b : binaries) {
            byVersion.putIfAbsent(b.version(), b);
        }
        return new ArrayList<>(byVersion.values());
    }

    static List<RedisBinary> sortNewestFirst(List<RedisBinary> binaries) {
        List<RedisBinary> sorted = new ArrayList<>(binaries);
        sorted.sort(Comparator.comparing(RedisBinary::version).reversed());
        return List.copyOf(sorted);
    }

    /**
     * The first executable {@code name} on {@code pathValue}. Its directory is resolved to a real
     * path but the file name is kept: following the final symlink would break Debian's
     * {@code /usr/bin/redis-server -> redis-check-rdb}, since redis-server picks its mode from
     * {@code argv[0]}.
     */
    static Optional<Path> findOnPath(String name, String pathValue) {
        if (pathValue == null) {
            return Optional.empty();
        }
        for (String dir : pathValue.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                try {
                    return Optional.of(candidate.getParent().toRealPath().resolve(name));
                } catch (IOException e) {
                    return Optional.of(candidate.toAbsolutePath().normalize());
                }
            }
        }
        return Optional.empty();
    }

    /** Runs {@code <path> --version} and returns the binary with the version it reports. */
    public static RedisBinary probe(Path path) {
        String out;
        try {
            out = run(path.toString(), "--version");
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + path + " --version: " + e.getMessage(), e);
        }
        try {
            return new RedisBinary(path, RedisVersion.parseVersionOutput(out));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(path + " --version printed no version: " + out.strip(), e);
        }
    }

    private static String run(String... command) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            Process p;
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException e) {
                // "Text file busy": another thread of this JVM forked while the file was open for writing
                last = e;
                sleepQuietly(100L * (attempt + 1));
                continue;
            }
            try (InputStream in = p.getInputStream()) {
                p.getOutputStream().close();
                byte[] bytes = in.readAllBytes();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("timed out: " + String.join(" ", command));
                }
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted: " + String.join(" ", command), e);
            }
        }
        throw last;
    }

    /** Whether the embedded binary can run here (Linux x86-64). */
    static boolean embeddedSupported() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))
                && RedisBinaries.class.getClassLoader().getResource(EMBEDDED_RESOURCE) != null;
    }

    /**
     * The embedded 6.2 binary, extracted once to
     * {@code ${java.io.tmpdir}/replkit-redis-bin-<sha256 prefix>/redis-server}: written to a temp
     * file in that directory, made executable, then atomically renamed, so concurrent JVMs are safe
     * (each renames a complete file; identical content).
     */
    public static synchronized Path embedded() {
        try {
            byte[] digest;
            long size;
            try (InputStream in = openEmbedded()) {
                MessageDigest md = sha256();
                byte[] buf = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                    total += n;
                }
                digest = md.digest();
                size = total;
            }
            String hash = HexFormat.of().formatHex(digest).substring(0, 16);
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "replkit-redis-bin-" + hash);
            Path target = dir.resolve("redis-server");
            if (Files.isRegularFile(target) && Files.size(target) == size && Files.isExecutable(target)) {
                return target;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "redis-server-", ".tmp");
            try {
                try (InputStream in = openEmbedded(); OutputStream out = Files.newOutputStream(tmp)) {
                    in.transferTo(out);
                }
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the embedded redis-server", e);
        }
    }

    private static InputStream openEmbedded() throws IOException {
        InputStream in = RedisBinaries.class.getClassLoader().getResourceAsStream(EMBEDDED_RESOURCE);
        if (in == null) {
            throw new IOException("classpath resource " + EMBEDDED_RESOURCE
                    + " not found (is com.github.codemonstur:embedded-redis on the classpath?)");
        }
        return in;
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
