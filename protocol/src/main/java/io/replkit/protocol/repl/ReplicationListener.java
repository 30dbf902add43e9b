package io.replkit.protocol.repl;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.time.Duration;

/**
 * What a {@link ReplicationSession} reports, in order, on the thread that called
 * {@link ReplicationSession#run()}. Exceptions thrown here end the session.
 */
public interface ReplicationListener {

    /** The link to the master is up and the handshake starts. */
    default void onConnected(String address) throws IOException {
    }

    /**
     * The master sends a snapshot; the stream continues at {@code offset}. Read
     * {@code snapshot.rdb()} (into the RDB reader, or to a file); whatever is left unread is
     * skipped afterwards.
     *
     * @param reason null for the first sync when none was asked to continue; otherwise why a
     *               partial resync was not possible
     */
    void onFullResync(ReplicationId replid, long offset, String reason, RdbTransfer snapshot) throws IOException;

    /** The master continues from {@code offset} with id {@code replid} (a new id after a failover). */
    default void onContinue(ReplicationId replid, long offset) throws IOException {
    }

    /**
     * Whether this listener wants {@link #onStreamBytes}; when false the session copies nothing.
     * Asked once per link, after the resync.
     */
    default boolean wantsStreamBytes() {
        return false;
    }

    /**
     * The exact bytes of the next command of the stream, as the master sent them (including PING,
     * {@code REPLCONF GETACK}, SELECT, MULTI/EXEC, and any empty lines skipped before it), called
     * just before {@link #onCommand} for that command. {@code startOffset} is the master offset of
     * the first byte minus one, i.e. the end offset of the previous command, so {@code startOffset +
     * bytes.readableBytes()} is the command's end offset. The buffer is valid only during the call.
     */
    default void onStreamBytes(ByteBuf bytes, long startOffset) throws IOException {
    }

    /**
     * One command of the stream. {@code endOffset} is the master offset just after its last byte;
     * the arrays belong to the listener.
     */
    void onCommand(byte[][] args, long endOffset) throws IOException;

    /**
     * Every byte received so far was delivered and the session is about to wait for more: the
     * moment to flush buffered output.
     */
    default void onIdle() throws IOException {
    }

    /** The link was lost; the session waits {@code delay} and reconnects (attempt counts from 1). */
    default void onReconnecting(int attempt, Duration delay, IOException cause) throws IOException {
    }
}
