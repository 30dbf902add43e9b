package io.replkit.cli.rdbfile;

import io.replkit.cli.output.AtomicFileOutput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Where an RDB goes: a file that appears only when complete ({@link AtomicFileOutput}), or stdout for "-". */
final class OutputFile implements AutoCloseable {
    private final AtomicFileOutput file;
    private final OutputStream stream;

    private OutputFile(AtomicFileOutput file, OutputStream stream) {
        this.file = file;
        this.stream = stream;
    }

    static OutputFile open(String name, OutputStream stdout) throws IOException {
        if ("-".equals(name)) {
            return new OutputFile(null, new BufferedOutputStream(stdout, 1 << 16) {
                @Override
                public void close() throws IOException {
                    flush(); // never close the process's stdout
                }
            });
        }
        AtomicFileOutput f = AtomicFileOutput.create(Path.of(name));
        return new OutputFile(f, f.stream());
    }

    OutputStream stream() {
        return stream;
    }

    /** The file is complete: make it appear under its name (stdout: flush). */
    void commit() throws IOException {
        stream.flush();
        if (file != null) {
            file.commit();
        }
    }

    /** Without a commit, the temp file is deleted. */
    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
        }
    }
}
