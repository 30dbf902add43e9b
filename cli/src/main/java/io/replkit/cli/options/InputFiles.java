package io.replkit.cli.options;

import io.replkit.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Input files named on the command line, checked the same way by every rdb-* command. */
public final class InputFiles {
    private InputFiles() {
    }

    /** Whether the name means standard input. */
    public static boolean isStdin(String name) {
        return "-".equals(name);
    }

    /**
     * The named file; a directory is a usage error (exit 2), a missing file a failure saying
     * "no such file" (exit 1).
     */
    public static Path requireFile(String name) throws IOException {
        Path p = Path.of(name);
        if (Files.isDirectory(p)) {
            throw new UsageException(name + " is a directory, not an RDB file");
        }
        if (!Files.exists(p)) {
            throw new IOException("no such file: " + name);
        }
        return p;
    }
}
