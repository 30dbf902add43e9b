package io.replkit.cli.replay;

import io.replkit.cli.rdbfile.DbRenames;
import io.replkit.cli.repl.CommandFilter;
import io.replkit.cli.repl.CommandKeys;
import java.io.IOException;

/**
 * Sends the commands of a replication stream (live, or a {@code repl-tail --format resp}
 * recording) to the target as they are: the stream's {@code SELECT}s become the target's, through
 * {@code --rename-db}; {@code PING} and {@code REPLCONF}, which only concern a replica's link, are
 * dropped; the filters ({@code --db}, {@code --match}) drop commands too. Each command carries its
 * end offset, so the target's replies confirm positions in the stream ({@link TargetWriter}).
 *
 * <p>Inside {@code MULTI ... EXEC} nothing is confirmed until the {@code EXEC}'s reply: a restart
 * from the confirmed offset never starts in the middle of a transaction.
 */
final class StreamApplier {
    private final TargetWriter target;
    private final CommandFilter filter;
    private final DbRenames renames;
    private int db = -1;
    private boolean inMulti;
    /** Whether the current transaction's MULTI was sent (a filter may drop all of it; EXEC follows MULTI). */
    private boolean multiSent;
    private long applied;

    StreamApplier(TargetWriter target, CommandFilter filter, DbRenames renames) {
        this.target = target;
        this.filter = filter;
        this.renames = renames;
    }

    /** The source database the stream is in; -1 before its first SELECT. */
    int db() {
        return db;
    }

    /** The database the stream continues in (from a checkpoint: a partial resync repeats no SELECT). */
    void assumeDb(int sourceDb) {
        db = sourceDb;
    }

    /** A full resync starts a new stream: no transaction open, database unknown until its SELECT. */
    void restart() {
        db = -1;
        inMulti = false;
        multiSent = false;
    }

    long applied() {
        return applied;
    }

    /**
     * One command of the stream.
     *
     * @param endOffset the stream offset just after the command
     */
    void apply(byte[][] args, long endOffset) throws IOException {
        if (args.length == 0) {
            return;
        }
        String name = CommandKeys.upper(args[0]);
        switch (name) {
            case "SELECT" -> {
                db = parseDb(args);
                pass(endOffset);
                return;
            }
            case "PING", "REPLCONF" -> {
                pass(endOffset);
                return;
            }
            case "MULTI" -> {
                inMulti = true;
                multiSent = false;
                return; // sent with the first command of the transaction that passes the filters
            }
            case "EXEC" -> {
                inMulti = false;
                if (multiSent) {
                    multiSent = false;
                    target.sendAt(endOffset, db, null, args);
                    applied++;
                } else {
                    pass(endOffset);
                }
                return;
            }
            default -> { }
        }
        if (!filter.accepts(args, db)) {
            pass(endOffset);
            return;
        }
        if (db >= 0) {
            target.select(renames.apply(db));
        }
        if (inMulti && !multiSent) {
            target.sendAt(-1, db, null, ValueCommands.ascii("MULTI"));
            multiSent = true;
        }
        target.sendAt(inMulti ? -1 : endOffset, db, args.length > 1 ? args[1] : null, args);
        applied++;
    }

    /** A command not sent: its offset counts once everything before it is answered (not inside MULTI). */
    private void pass(long endOffset) {
        if (!inMulti) {
            target.passOver(endOffset, db);
        }
    }

    private static int parseDb(byte[][] args) throws IOException {
        if (args.length < 2) {
            throw new IOException("SELECT without a database in the stream");
        }
        try {
            return Integer.parseInt(new String(args[1], java.nio.charset.StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new IOException("SELECT of a database that is not a number in the stream");
        }
    }
}
