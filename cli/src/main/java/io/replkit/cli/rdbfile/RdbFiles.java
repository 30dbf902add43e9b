package io.replkit.cli.rdbfile;

import io.replkit.cli.UsageException;
import io.replkit.rdb.ModuleAux;
import io.replkit.rdb.RdbLimits;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.write.RdbWriteException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opening input files the same way in every rdb-* command, and the errors they share. */
final class RdbFiles {
    private RdbFiles() {
    }

    /** A reader over a file, or standard input for "-". */
    static RdbReader openReader(String name) throws IOException {
        if ("-".equals(name)) {
            return new RdbReader(System.in, -1, RdbLimits.DEFAULT);
        }
        Path p = requireFile(name);
        return new RdbReader(Files.newInputStream(p), Files.size(p), RdbLimits.DEFAULT);
    }

    static Path requireFile(String name) throws IOException {
        Path p = Path.of(name);
        if (Files.isDirectory(p)) {
            throw new UsageException(name + " is a directory, not an RDB file");
        }
        if (!Files.exists(p)) {
            throw new NoSuchFileException("no such file: " + name);
        }
        return p;
    }

    /** Module data cannot be copied: the reader skips module payloads without decoding them. */
    static RdbWriteException moduleAux(ModuleAux m) {
        return new RdbWriteException("the module data (MODULE_AUX) of module " + m.module().name()
            + " at offset " + m.offset() + " cannot be copied: module payloads are not decoded");
    }
}
