package io.replkit.replica.apply;

import io.replkit.replica.data.Dataset;
import io.replkit.replica.data.SnapshotEpochs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;

/**
 * Applies the commands a master propagates (replication-protocol.md §12) to a {@link Dataset}
 * with Redis's semantics. Commands between MULTI and EXEC are queued and applied together under
 * the write lock, so a reader holding {@link #readLock()} sees all of a transaction or none of it.
 *
 * <p>The applier also keeps the stream position its dataset reflects (replication id and the end
 * offset of the last command applied; inside MULTI, the offset before MULTI), changed under the
 * write lock with the data, so a {@link #capture()} gets data and position that agree.
 *
 * <p>Not thread-safe for writers: one replication stream drives one applier.
 */
public final class CommandApplier {
    private final Map<String, Command> commands = new HashMap<>();
    private final ApplyContext ctx;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final PublishListener publishListener;
    private final SnapshotEpochs epochs = new SnapshotEpochs();
    private List<byte[][]> queued;
    private volatile long applied;
    private volatile String replId = NO_REPLID;
    private volatile long offset;

    /** The replication id of a dataset that follows no master yet. */
    public static final String NO_REPLID = "0000000000000000000000000000000000000000";

    /** For {@link #apply(byte[][], long)}: the command has no stream offset (the position stays). */
    public static final long NO_OFFSET = -1;

    /**
     * A point-in-time view of the dataset with the stream position it reflects. Values are shared
     * with the live dataset until the applier changes them; {@link #release()} when done.
     *
     * @param streamDb   the database the stream had selected (SELECT), for {@code repl-stream-db}
     * @param generation the capture's number among this applier's captures
     */
    public record Capture(Dataset.Frozen data, String replId, long offset, int streamDb, long generation,
                          SnapshotEpochs epochs) {
        /** The capture's writer has written {@code v}: the applier may change it in place from now on. */
        public void written(Object v) {
            if (v instanceof io.replkit.replica.data.MutableValue m) {
                epochs.written(m, generation);
            }
        }

        /** Ends copy-on-write for this capture; returns what it cost the applier meanwhile. */
        public SnapshotEpochs.Costs release() {
            return epochs.close(generation);
        }
    }

    /** Receives PUBLISH / SPUBLISH messages found in the stream. */
    @FunctionalInterface
    public interface PublishListener {
        void publish(byte[] channel, byte[] message, boolean sharded);
    }

    public CommandApplier(Dataset dataset) {
        this(dataset, System::currentTimeMillis, ApplierOptions.DEFAULTS, (c, m, s) -> { });
    }

    /**
     * @param clock used only where Redis itself reads the clock on a replica: relative expiries
     *              sent by pre-7.0 masters (EXPIRE, SET … EX) and consumer seen-times
     */
    public CommandApplier(Dataset dataset, LongSupplier clock, ApplierOptions options, PublishListener publishListener) {
        this.ctx = new ApplyContext(dataset, clock, options, epochs);
        this.publishListener = publishListener;
        KeyCommands.register(commands);
        StringCommands.register(commands);
        BitCommands.register(commands);
        HyperLogLogCommands.register(commands);
        ListCommands.register(commands);
        SetCommands.register(commands);
        ZSetCommands.register(commands);
        HashCommands.register(commands);
        StreamCommands.register(commands);
        FunctionCommands.register(commands);
        SortCommand.register(commands);
        commands.put("PUBLISH", (c, a) -> publish(a, false));
        commands.put("SPUBLISH", (c, a) -> publish(a, true));
        commands.put("PING", (c, a) -> { });
        commands.put("REPLCONF", (c, a) -> { });
    }

    private void publish(byte[][] argv, boolean sharded) throws CommandException {
        if (argv.length != 3) {
            throw CommandException.arity(Args.text(argv[0]));
        }
        publishListener.publish(argv[1], argv[2], sharded);
    }

    /** The lock readers take to see a consistent dataset; writers (this applier) take its write side. */
    public ReentrantReadWriteLock.ReadLock readLock() {
        return lock.readLock();
    }

    public Dataset dataset() {
        return ctx.dataset;
    }

    /** The database SELECT chose last. */
    public int selectedDb() {
        return ctx.dbIndex;
    }

    /** Whether a MULTI is open (its commands are queued until EXEC). */
    public boolean inTransaction() {
        return queued != null;
    }

    /** The replication id the dataset belongs to ({@link #NO_REPLID} before any). */
    public String replId() {
        return replId;
    }

    /** The stream offset the dataset reflects: the end of the last command applied outside MULTI. */
    public long offset() {
        return offset;
    }

    /** Sets the stream position (after a full resync, or a partial one that changed the id). */
    public void position(String replId, long offset) {
        lock.writeLock().lock();
        try {
            this.replId = replId;
            this.offset = offset;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The dataset and its stream position as they are now, between two commands (never inside a
     * MULTI/EXEC block, which applies under one lock hold). Costs O(databases) under the write lock;
     * the values are copied later, one by one, only when the applier changes them while the capture
     * is open.
     */
    public Capture capture() {
        lock.writeLock().lock();
        try {
            long generation = epochs.open();
            return new Capture(ctx.dataset.freeze(), replId, offset, ctx.dbIndex, generation, epochs);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Selects the stream's database without a SELECT command (a loaded snapshot's {@code repl-stream-db}). */
    public void selectDb(int db) {
        if (db < 0 || db >= ctx.dataset.databases()) {
            throw new IllegalArgumentException("database " + db + " out of range 0.." + (ctx.dataset.databases() - 1));
        }
        ctx.dbIndex = db;
    }

    /** Commands applied so far (a transaction's commands count one by one). */
    public long appliedCount() {
        return applied;
    }

    /**
     * Applies one command. Inside MULTI the command is only queued; EXEC applies the queue. A
     * command Redis would reject throws {@link CommandException} without changing anything; in an
     * EXEC block the other commands still apply (as in Redis) and the first error is thrown after.
     *
     * @throws UnknownCommandException for a command this applier does not implement
     */
    public void apply(byte[][] argv) throws CommandException {
        apply(argv, NO_OFFSET);
    }

    /**
     * Applies one command that ends at stream offset {@code endOffset} ({@link #NO_OFFSET}: not
     * tracked); the position moves with it, under the same lock hold, also when the command fails
     * (the stream has moved past it). Inside MULTI the position stays until EXEC.
     */
    public void apply(byte[][] argv, long endOffset) throws CommandException {
        if (argv.length == 0) {
            advance(endOffset);
            throw new CommandException("ERR empty command");
        }
        String name = new String(argv[0], StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        switch (name) {
            case "MULTI" -> {
                if (queued != null) {
                    throw new CommandException("ERR MULTI calls can not be nested");
                }
                queued = new ArrayList<>();
                return;
            }
            case "EXEC" -> {
                if (queued == null) {
                    advance(endOffset);
                    throw new CommandException("ERR EXEC without MULTI");
                }
                List<byte[][]> block = queued;
                queued = null;
                execute(block, endOffset);
                return;
            }
            case "DISCARD" -> {
                queued = null;
                advance(endOffset);
                return;
            }
            default -> { }
        }
        Command c;
        try {
            c = lookup(name, argv);
        } catch (UnknownCommandException e) {
            if (queued == null) {
                advance(endOffset);
            }
            throw e;
        }
        if (queued != null) {
            queued.add(argv);
            return;
        }
        long start = System.nanoTime();
        lock.writeLock().lock();
        try {
            run(name, c, argv);
        } finally {
            if (endOffset != NO_OFFSET) {
                offset = endOffset;
            }
            lock.writeLock().unlock();
            recordPause(start);
        }
    }

    /** Moves the position past a command that changes no data (the lock keeps captures consistent). */
    private void advance(long endOffset) {
        if (endOffset != NO_OFFSET && queued == null) {
            lock.writeLock().lock();
            try {
                offset = endOffset;
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    private void recordPause(long startNanos) {
        if (epochs.anyOpen()) {
            epochs.recordPause(System.nanoTime() - startNanos);
        }
    }

    private Command lookup(String name, byte[][] argv) throws UnknownCommandException {
        Command c = commands.get(name);
        if (c == null) {
            String why = switch (name) {
                case "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO" ->
                    "scripts replicated verbatim (lua-replicate-commands no, or a pre-5.0 master) cannot be applied without Lua";
                default -> null;
            };
            throw new UnknownCommandException(Args.text(argv[0]), why);
        }
        return c;
    }

    private void execute(List<byte[][]> block, long endOffset) throws CommandException {
        CommandException first = null;
        long start = System.nanoTime();
        lock.writeLock().lock();
        try {
            for (byte[][] argv : block) {
                String name = new String(argv[0], StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
                try {
                    run(name, commands.get(name), argv);
                } catch (CommandException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
        } finally {
            if (endOffset != NO_OFFSET) {
                offset = endOffset;
            }
            lock.writeLock().unlock();
            recordPause(start);
        }
        if (first != null) {
            throw first;
        }
    }

    private void run(String name, Command c, byte[][] argv) throws CommandException {
        if (name.equals("SELECT")) {
            select(argv);
        } else {
            c.apply(ctx, argv);
        }
        applied++;
    }

    private void select(byte[][] argv) throws CommandException {
        if (argv.length != 2) {
            throw CommandException.arity("select");
        }
        long db;
        try {
            db = Args.parseLong(argv[1]);
        } catch (CommandException e) {
            throw new CommandException("ERR value is not an integer or out of range");
        }
        if (db < 0 || db >= ctx.dataset.databases()) {
            throw new CommandException("ERR DB index is out of range");
        }
        ctx.dbIndex = (int) db;
    }

    {
        // SELECT is handled in run(); registered so lookup() knows it
        commands.put("SELECT", (c, a) -> { });
    }
}
