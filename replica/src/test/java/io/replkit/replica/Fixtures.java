package io.replkit.replica;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The rdb module's real-server RDB corpus, read in place (never copied). */
final class Fixtures {
    static final Path ROOT = Path.of("..", "rdb", "src", "test", "resources", "fixtures");

    private Fixtures() {
    }

    /** Every {@code fixtures/<server>/dump.rdb}, sorted. */
    static List<Path> dumps() {
        try (Stream<Path> s = Files.list(ROOT)) {
            return s.map(d -> d.resolve("dump.rdb")).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The RDB version in a file's 9-byte header ({@code REDIS0010} → 10). */
    static int rdbVersion(Path rdb) {
        try (var in = Files.newInputStream(rdb)) {
            byte[] h = in.readNBytes(9);
            String s = new String(h, java.nio.charset.StandardCharsets.ISO_8859_1);
            return Integer.parseInt(s.startsWith("VALKEY") ? s.substring(6) : s.substring(5));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
