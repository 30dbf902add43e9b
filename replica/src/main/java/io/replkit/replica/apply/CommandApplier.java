package io.replkit.replica.apply;

import io.replkit.replica.data.Dataset;
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
 * <p>Not thread-safe for writers: one replication stream drives one applier.
 */
public final class CommandApplier {
    private final Map<String, Command> commands = new HashMap<>();
    private final ApplyContext ctx;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final PublishListener publishListener;
    private List<byte[][]> queued;
    private long applied;

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
        this.ctx = new ApplyContext(dataset, clock, options);
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
        if (argv.length == 0) {
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
                    throw new CommandException("ERR EXEC without MULTI");
                }
                List<byte[][]> block = queued;
                queued = null;
                execute(block);
                return;
            }
            case "DISCARD" -> {
                queued = null;
                return;
            }
            default -> { }
        }
        Command c = lookup(name, argv);
        if (queued != null) {
            queued.add(argv);
            return;
        }
        lock.writeLock().lock();
        try {
            run(name, c, argv);
        } finally {
            lock.writeLock().unlock();
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

    private void execute(List<byte[][]> block) throws CommandException {
        CommandException first = null;
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
            lock.writeLock().unlock();
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
