package io.replkit.cli.rdbfile;

import io.replkit.cli.options.InputFiles;
import io.replkit.rdb.ModuleAux;
import io.replkit.rdb.RdbLimits;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.write.RdbWriteException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opening input files the same way in every rdb-* command, and the errors they share. */
final class RdbFiles {
    private RdbFiles() {
    }

    /** A reader over a file, or standard input for "-". */
    static RdbReader openReader(String name) throws IOException {
        if (InputFiles.isStdin(name)) {
            return new RdbReader(System.in, -1, RdbLimits.DEFAULT);
        }
        Path p = InputFiles.requireFile(name);
        return new RdbReader(Files.newInputStream(p), Files.size(p), RdbLimits.DEFAULT);
    }

    /** Module data cannot be copied: the reader skips module payloads without decoding them. */
    static RdbWriteException moduleAux(ModuleAux m) {
        return new RdbWriteException("the module data (MODULE_AUX) of module " + m.module().name()
            + " at offset " + m.offset() + " cannot be copied: module payloads are not decoded");
    }
}
