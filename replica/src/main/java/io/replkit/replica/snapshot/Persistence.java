package io.replkit.replica.snapshot;

import io.replkit.rdb.write.RdbTarget;
import io.replkit.replica.data.SnapshotEpochs;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The replica's snapshot files: SAVE (in the caller's thread), BGSAVE (in a background thread),
 * periodic background saves, the final save at shutdown, and what INFO persistence and LASTSAVE
 * report. One save at a time. A file is written to a temp file in the same directory, fsynced
 * and renamed over the target, so the target is always a complete snapshot.
 */
public final class Persistence implements Closeable {
    /** The result of one save. */
    public record Saved(Path file, String replId, long offset, long keys, long bytes, long millis,
                        long captureNanos, SnapshotEpochs.Costs costs) {
    }

    private final Snapshotter snapshotter;
    private final Path file;
    private final RdbTarget target;
    private final Consumer<String> log;
    private final long startMs = System.currentTimeMillis();
    private final AtomicBoolean saving = new AtomicBoolean();
    private final AtomicLong tempCounter = new AtomicLong();
    private volatile boolean backgroundRunning;
    private volatile long currentStartMs;
    private volatile long lastSaveMs = startMs;
    private volatile boolean lastBackgroundOk = true;
    private volatile long lastBackgroundSeconds = -1;
    private volatile long saves;
    private volatile Saved last;
    private volatile long changesAtLastSave;
    private ScheduledExecutorService periodic;
    private volatile Runnable shutdown;

    /**
     * @param file   where snapshots go, or null when saving is not set up (SAVE then fails)
     * @param target the RDB format written (the master's version, so a server like it can load the file)
     */
    public Persistence(Snapshotter snapshotter, Path file, RdbTarget target, Consumer<String> log) {
        this.snapshotter = snapshotter;
        this.file = file == null ? null : file.toAbsolutePath();
        this.target = target;
        this.log = log;
    }

    public Snapshotter snapshotter() {
        return snapshotter;
    }

    /** The snapshot file, or null. */
    public Path file() {
        return file;
    }

    public RdbTarget target() {
        return target;
    }

    /** Saves in the calling thread; the stream keeps being applied meanwhile. */
    public Saved save() throws IOException {
        requireFile();
        if (!saving.compareAndSet(false, true)) {
            throw new IllegalStateException(backgroundRunning ? "Background save already in progress"
                : "a save is already in progress");
        }
        try {
            currentStartMs = System.currentTimeMillis();
            return write();
        } finally {
            saving.set(false);
        }
    }

    /** Starts a save in a background thread; false when a save is already running. */
    public boolean startBackgroundSave() {
        requireFile();
        if (!saving.compareAndSet(false, true)) {
            return false;
        }
        backgroundRunning = true;
        currentStartMs = System.currentTimeMillis();
        Thread t = new Thread(() -> {
            long started = System.nanoTime();
            try {
                write();
                lastBackgroundOk = true;
            } catch (IOException | RuntimeException e) {
                lastBackgroundOk = false;
                log.accept("background save to " + file + " failed: " + e.getMessage());
            } finally {
                lastBackgroundSeconds = (System.nanoTime() - started) / 1_000_000_000L;
                backgroundRunning = false;
                saving.set(false);
            }
        }, "replkit-bgsave");
        t.setDaemon(true);
        t.start();
        return true;
    }

    /** Waits until no save is running (tests, shutdown). */
    public void awaitIdle(long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (saving.get() && System.currentTimeMillis() < end) {
            Thread.sleep(5);
        }
    }

    /** A background save every {@code seconds} (skipped when nothing changed since the last save). */
    public synchronized void savePeriodically(long seconds) {
        if (seconds <= 0 || file == null || periodic != null) {
            return;
        }
        periodic = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replkit-save-interval");
            t.setDaemon(true);
            return t;
        });
        periodic.scheduleWithFixedDelay(() -> {
            if (changesSinceLastSave() > 0 || last == null) {
                startBackgroundSave();
            }
        }, seconds, seconds, TimeUnit.SECONDS);
    }

    /** What SHUTDOWN runs after its save: stops the replica (set by start-replica). */
    public void onShutdown(Runnable action) {
        this.shutdown = action;
    }

    /**
     * SHUTDOWN [SAVE|NOSAVE]: saves first when asked (or by default when a file is set; a failed
     * save leaves the replica running and throws), then runs the shutdown action.
     *
     * @param save true for SAVE, false for NOSAVE, null for the default
     */
    public void shutdown(Boolean save) throws IOException {
        Runnable action = shutdown;
        if (action == null) {
            throw new IllegalStateException("SHUTDOWN is not available on this server");
        }
        boolean doSave = save != null ? save : file != null;
        if (doSave) {
            requireFile();
            awaitBackground();
            save();
        }
        log.accept("SHUTDOWN" + (doSave ? " after saving" : " without saving"));
        action.run();
    }

    private void awaitBackground() {
        try {
            awaitIdle(Long.MAX_VALUE / 4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void requireFile() {
        if (file == null) {
            throw new IllegalStateException("no snapshot file: start the replica with --save FILE");
        }
    }

    private Saved write() throws IOException {
        long started = System.nanoTime();
        Path dir = file.getParent();
        Path tmp = dir.resolve("temp-" + ProcessHandle.current().pid() + "-" + tempCounter.incrementAndGet() + "-"
            + file.getFileName());
        long changes = snapshotter.changesApplied(); // read first: a change racing the capture counts as unsaved
        DatasetSnapshot snap = snapshotter.capture();
        long bytes;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                snap.writeTo(out, target);
                ch.force(true);
                bytes = ch.size();
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        } finally {
            snap.close();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        Saved s = new Saved(file, snap.replId(), snap.offset(), snap.keyCount(), bytes, millis, snap.captureNanos(),
            snap.costs());
        last = s;
        changesAtLastSave = changes;
        lastSaveMs = System.currentTimeMillis();
        saves++;
        log.accept(String.format(Locale.ROOT,
            "saved %d keys at offset %d to %s: %.1f MB in %d ms (capture %.3f ms, longest apply pause %.3f ms, "
                + "%d values copied on write in %.3f ms, longest copy %.3f ms)",
            s.keys(), s.offset(), file, bytes / 1e6, millis, s.captureNanos() / 1e6, s.costs().longestPauseNanos() / 1e6,
            s.costs().copies(), s.costs().copyNanos() / 1e6, s.costs().longestCopyNanos() / 1e6));
        return s;
    }

    /** Makes the rename durable (Linux allows fsync on a directory; elsewhere it is skipped). */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on this platform: the file itself is synced
        }
    }

    // ---------------------------------------------------------------- INFO persistence, LASTSAVE

    /** LASTSAVE: the time of the last successful save, in unix seconds (the start time before any). */
    public long lastSaveSeconds() {
        return lastSaveMs / 1000;
    }

    public boolean backgroundSaveInProgress() {
        return backgroundRunning;
    }

    /** Commands applied since the last save's capture (or since start). */
    public long changesSinceLastSave() {
        return Math.max(0, snapshotter.changesApplied() - changesAtLastSave);
    }

    /** The INFO persistence fields, in Redis's order, plus replkit's own (rdb_last_capture_usec ...). */
    public void info(java.util.function.BiConsumer<String, Object> line) {
        long now = System.currentTimeMillis();
        Saved s = last;
        line.accept("rdb_changes_since_last_save", changesSinceLastSave());
        line.accept("rdb_bgsave_in_progress", backgroundRunning ? 1 : 0);
        line.accept("rdb_last_save_time", lastSaveSeconds());
        line.accept("rdb_last_bgsave_status", lastBackgroundOk ? "ok" : "err");
        line.accept("rdb_last_bgsave_time_sec", lastBackgroundSeconds);
        line.accept("rdb_current_bgsave_time_sec", backgroundRunning ? (now - currentStartMs) / 1000 : -1);
        line.accept("rdb_saves", saves);
        line.accept("rdb_last_cow_size", 0);
        line.accept("rdb_last_save_offset", s == null ? -1 : s.offset());
        line.accept("rdb_last_save_keys", s == null ? 0 : s.keys());
        line.accept("rdb_last_save_bytes", s == null ? 0 : s.bytes());
        line.accept("rdb_last_save_ms", s == null ? -1 : s.millis());
        line.accept("rdb_last_capture_usec", s == null ? -1 : s.captureNanos() / 1000);
        line.accept("rdb_last_apply_pause_usec", s == null ? -1 : s.costs().longestPauseNanos() / 1000);
        line.accept("rdb_last_cow_copies", s == null ? 0 : s.costs().copies());
        line.accept("rdb_last_cow_copy_usec", s == null ? 0 : s.costs().copyNanos() / 1000);
        line.accept("rdb_last_cow_longest_copy_usec", s == null ? 0 : s.costs().longestCopyNanos() / 1000);
    }

    @Override
    public synchronized void close() {
        if (periodic != null) {
            periodic.shutdownNow();
            periodic = null;
        }
    }
}
