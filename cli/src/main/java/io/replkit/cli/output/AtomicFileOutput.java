package io.replkit.cli.output;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An output file that appears only when complete: bytes go to a temp file beside the target
 * (same directory, so the rename is atomic), which {@link #commit()} syncs and renames over
 * the target. Closing without a commit deletes the temp file, so a failure or a kill never
 * leaves a half-written file under the target's name. When the JVM exits on Ctrl-C or SIGTERM
 * while a file is being written, a shutdown hook deletes its temp file too (not for
 * {@link #createKeptOnExit}, whose writers finish their file from a shutdown hook of their own).
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

    /** Temp files neither committed nor discarded yet, deleted by {@link #DISCARD_ON_EXIT}. */
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
    private static final Thread DISCARD_ON_EXIT = new Thread(AtomicFileOutput::discardPending, "replkit-discard-temp-files");

    static {
        Runtime.getRuntime().addShutdownHook(DISCARD_ON_EXIT);
    }

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

    /** Opens the temp file for {@code target}; it is deleted if the JVM exits before the commit. */
    public static AtomicFileOutput create(Path target) throws IOException {
        AtomicFileOutput out = open(target);
        PENDING.add(out.temp);
        return out;
    }

    /**
     * Like {@link #create}, for small files written from a shutdown hook (checkpoints at Ctrl-C):
     * the temp file is left to its writer, which the exit-time cleanup must not race.
     */
    public static AtomicFileOutput createKeptOnExit(Path target) throws IOException {
        return open(target);
    }

    /**
     * Fails now, with the message {@link #create} would give, when {@code target} cannot be
     * written: for commands that produce their file only after connecting to a server.
     */
    public static void requireWritable(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new IOException(target + " is a directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("cannot write " + target + ": " + (Files.exists(dir)
                ? dir + " is not a directory" : "directory " + dir + " does not exist"));
        }
        if (!Files.isWritable(dir)) {
            throw new IOException("cannot write " + target + ": permission denied in " + dir);
        }
    }

    private static AtomicFileOutput open(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new IOException(target + " is a directory");
        }
        Path temp;
        try {
            temp = createTemp(dir, absolute.getFileName().toString());
        } catch (FileSystemException e) {
            throw new IOException("cannot write " + target + ": " + reason(e, dir), e);
        }
        try {
            return new AtomicFileOutput(absolute, temp, FileChannel.open(temp, StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * A new, empty, uniquely named hidden file beside the target. Unlike {@code Files.createTempFile}
     * (always mode 0600) it gets the umask's permissions, as {@code redis-cli --rdb} and Redis's own
     * dump files do: an RDB saved here is usually copied to, or loaded by, another user's server.
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        java.util.concurrent.ThreadLocalRandom rnd = java.util.concurrent.ThreadLocalRandom.current();
        while (true) {
            Path p = dir.resolve("." + name + "." + Long.toUnsignedString(rnd.nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(p);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // another name
            }
        }
    }

    /** Why the temp file could not be created in {@code dir}, in the words of the shell. */
    private static String reason(FileSystemException e, Path dir) {
        if (e instanceof NoSuchFileException) {
            return "directory " + dir + " does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied in " + dir;
        }
        if (!Files.isDirectory(dir)) {
            return dir + " is not a directory";
        }
        return e.getReason() != null ? e.getReason().toLowerCase(java.util.Locale.ROOT) : e.getClass().getSimpleName();
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
        PENDING.remove(temp);
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
            PENDING.remove(temp);
        }
    }

    private static void discardPending() {
        for (Path temp : PENDING) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // exiting anyway; nothing better to do with it
            }
        }
    }
}
