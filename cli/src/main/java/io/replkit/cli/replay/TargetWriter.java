package io.replkit.cli.replay;

import io.replkit.protocol.client.Pipeline;
import io.replkit.protocol.client.RedisConnection;
import io.replkit.protocol.resp.RespValue;
import io.replkit.rdb.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The target side of a replay: commands pipelined with a bounded window, every reply checked
 * (including each reply inside an {@code EXEC}), refusals handled by {@link OnError}, the target's
 * selected database tracked so {@code SELECT} is sent only when it changes, and the source position
 * the target has confirmed.
 *
 * <p>Confirmation: a command sent with a source offset is confirmed when its reply arrives; so is
 * the offset of a source command that was not sent (filtered out, or one only a replica reads)
 * once every command sent before it is answered. Callers send commands inside a transaction
 * without an offset and the {@code EXEC} with it, so the confirmed offset never falls between
 * {@code MULTI} and {@code EXEC}: a restart from it replays whole transactions.
 */
final class TargetWriter {
    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);

    /** What a reply is checked against: the command and key it answers, and the source position it confirms. */
    private record Sent(byte[] command, byte[] key, int targetDb, long offset, int sourceDb) {
    }

    private final Pipeline<Sent> pipeline;
    private long calledNow;
    private final OnError onError;
    private final PrintWriter err;
    private final String address;
    private int selectedDb;
    private long refused;
    private long confirmedOffset = -1;
    private int confirmedDb = -1;
    /** A source offset passed over while commands were in flight: confirmed once they are all answered. */
    private long passedOffset = -1;
    private int passedDb = -1;

    /**
     * @param selectedDb the database the connection has selected (from its URI), -1 when unknown
     */
    TargetWriter(RedisConnection connection, int window, OnError onError, PrintWriter err, int selectedDb) {
        this.pipeline = new Pipeline<>(connection, window, this::check);
        this.onError = onError;
        this.err = err;
        this.address = connection.address();
        this.selectedDb = selectedDb;
    }

    RedisConnection connection() {
        return pipeline.connection();
    }

    /** Sends {@code SELECT db} first when the target is not in that database. */
    void select(int db) throws IOException {
        if (db != selectedDb) {
            pipeline.send(new Sent(SELECT, null, db, -1, -1), SELECT, Integer.toString(db).getBytes(StandardCharsets.US_ASCII));
            selectedDb = db;
        }
    }

    /** Sends a command for a snapshot key (no source position). */
    void send(byte[] key, byte[]... args) throws IOException {
        pipeline.send(new Sent(args[0], key, selectedDb, -1, -1), args);
    }

    /**
     * Sends a command of the source's stream.
     *
     * @param offset   the source offset its reply confirms, or -1 (inside a transaction)
     * @param sourceDb the source database at that offset (kept with the checkpoint)
     */
    void sendAt(long offset, int sourceDb, byte[] key, byte[]... args) throws IOException {
        pipeline.send(new Sent(args[0], key, selectedDb, offset, sourceDb), args);
    }

    /** A source command that is not sent: its offset is confirmed once everything sent before it is. */
    void passOver(long offset, int sourceDb) {
        if (pipeline.inFlight() == 0) {
            confirm(offset, sourceDb);
        } else {
            passedOffset = offset;
            passedDb = sourceDb;
        }
    }

    /**
     * Sends one command and waits for its reply, after every earlier reply, and returns it
     * unchecked (for a first RESTORE whose refusal decides how the rest is written).
     */
    RespValue callNow(byte[]... args) throws IOException {
        pipeline.drain();
        calledNow++;
        return pipeline.connection().call(args);
    }

    /** Handles a reply obtained with {@link #callNow} as a pipelined one would be. */
    void check(byte[] key, byte[] command, RespValue reply) throws IOException {
        check(new Sent(command, key, selectedDb, -1, -1), reply);
    }

    /** A command that could not even be made for this key: handled like the target's refusal. */
    void refuseLocally(byte[] key, String why) throws IOException {
        refused++;
        report("cannot write key \"" + Printable.escape(key, 200) + "\" (db " + selectedDb + ") to " + address + ": " + why);
    }

    /** Waits for every reply. */
    void drain() throws IOException {
        pipeline.drain();
    }

    /** Every command written to the target: pipelined, and those sent with {@link #callNow}. */
    long commandsSent() {
        return pipeline.sent() + calledNow;
    }

    long refused() {
        return refused;
    }

    /** Commands sent whose reply has not arrived yet. */
    long unanswered() {
        return pipeline.inFlight();
    }

    /** The source offset up to which the target has answered everything, or -1. */
    long confirmedOffset() {
        return confirmedOffset;
    }

    /** The source database at {@link #confirmedOffset()}, -1 when unknown. */
    int confirmedDb() {
        return confirmedDb;
    }

    /** Starts the confirmed position over (a new full sync: the stream restarts at its offset). */
    void resetPosition(long offset) {
        confirmedOffset = offset;
        confirmedDb = -1;
        passedOffset = -1;
        passedDb = -1;
    }

    private void confirm(long offset, int db) {
        if (offset > confirmedOffset) {
            confirmedOffset = offset;
            confirmedDb = db;
        }
    }

    private void check(Sent sent, RespValue reply) throws IOException {
        if (reply.isError()) {
            refusal(sent, reply.asString());
        } else if (reply instanceof RespValue.Array a && isExec(sent.command())) {
            for (RespValue r : a.items()) {
                if (r.isError()) {
                    refusal(sent, r.asString() + " (inside MULTI/EXEC)");
                }
            }
        } else if (reply.isNull() && isExec(sent.command())) {
            refusal(sent, "EXEC aborted (a WATCHed key changed)");
        }
        if (sent.offset() >= 0) {
            confirm(sent.offset(), sent.sourceDb());
        }
        if (pipeline.inFlight() == 0 && passedOffset >= 0) {
            confirm(passedOffset, passedDb);
            passedOffset = -1;
        }
    }

    private void refusal(Sent sent, String error) throws ReplayException {
        refused++;
        report(address + " refused " + new String(sent.command(), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)
            + (sent.key() == null ? "" : " of key \"" + Printable.escape(sent.key(), 200) + "\"")
            + " (db " + sent.targetDb() + "): " + error);
    }

    private void report(String message) throws ReplayException {
        switch (onError) {
            case stop -> throw new ReplayException(message);
            case log -> {
                err.println("replkit: " + message);
                err.flush();
            }
            case skip -> { }
        }
    }

    private static boolean isExec(byte[] command) {
        return command.length == 4 && (command[0] | 0x20) == 'e' && (command[1] | 0x20) == 'x'
            && (command[2] | 0x20) == 'e' && (command[3] | 0x20) == 'c';
    }
}
