package io.replkit.cli.output;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An output file that appears only when complete: bytes go to a temp file beside the target
 * (same directory, so the rename is atomic), which {@link #commit()} syncs and renames over
 * the target. Closing without a commit deletes the temp file, so a failure or a kill never
 * leaves a half-written file under the target's name.
 *
 * <pre>{@code
 * try (AtomicFileOutput file = AtomicFileOutput.create(target)) {
 *     write(file.stream());
 *     file.commit();
 * }
 * }</pre>
 */
public final class AtomicFileOutput implements AutoCloseable {

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream stream;
    private boolean committed;
    private boolean closed;

    private AtomicFileOutput(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        // The channel is closed by this class, not by callers closing the stream.
        this.stream = new BufferedOutputStream(new FilterOutputStream(Channels.newOutputStream(channel)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        }, 1 << 16);
    }

    public static AtomicFileOutput create(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new IOException(target + " is a directory");
        }
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        try {
            return new AtomicFileOutput(absolute, temp, FileChannel.open(temp, StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Where to write; buffered. Closing it only flushes. */
    public OutputStream stream() {
        return stream;
    }

    /** The file the output will have once committed. */
    public Path target() {
        return target;
    }

    /** Flushes, syncs to disk and renames the temp file over the target. */
    public void commit() throws IOException {
        if (closed) {
            throw new IllegalStateException("already closed");
        }
        stream.flush();
        channel.force(true);
        channel.close();
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
        closed = true;
    }

    /** Without a prior {@link #commit()}, discards everything written. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } finally {
            if (!committed) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
