package io.replkit.protocol.repl;

import java.nio.charset.StandardCharsets;

/**
 * The replica side of the handshake ({@code syncWithMaster}) as an explicit state machine, without
 * I/O: {@link #command()} is what to send in the current state, {@link #onReply(String)} takes the
 * master's one-line reply and moves on. AUTH is not a state here: the connection authenticates
 * before the handshake starts.
 *
 * <pre>
 * PING -&gt; LISTENING_PORT -&gt; CAPA [-&gt; RDB_ONLY] -&gt; PSYNC -&gt; DONE
 * </pre>
 *
 * Tolerance follows Redis: PING may be answered {@code -NOPERM} (an ACL user without PING);
 * errors to {@code REPLCONF} are ignored (old masters do not know every option); empty lines
 * while waiting for the PSYNC reply are keepalives.
 */
public final class ReplicationHandshake {

    /** Where the handshake is; each state but DONE waits for the reply to its {@link #command()}. */
    public enum State {
        PING, LISTENING_PORT, CAPA,
        /** {@code REPLCONF rdb-only 1}: the snapshot without the stream after it (Redis 7.0+). */
        RDB_ONLY,
        PSYNC, DONE
    }

    private final int listeningPort;
    private final ReplicationOffset resumeFrom;
    private final boolean rdbOnly;
    private State state = State.PING;
    private PsyncReply psyncReply;

    /**
     * @param listeningPort the port announced with {@code REPLCONF listening-port}; the master shows
     *                      it in {@code INFO replication}
     * @param resumeFrom    where to continue ({@code PSYNC <replid> <offset+1>}), or null for a full
     *                      sync ({@code PSYNC ? -1})
     */
    public ReplicationHandshake(int listeningPort, ReplicationOffset resumeFrom) {
        this(listeningPort, resumeFrom, false);
    }

    /** @param rdbOnly also ask for the snapshot alone ({@code REPLCONF rdb-only 1}; errors ignored) */
    public ReplicationHandshake(int listeningPort, ReplicationOffset resumeFrom, boolean rdbOnly) {
        this.listeningPort = listeningPort;
        this.resumeFrom = resumeFrom;
        this.rdbOnly = rdbOnly;
    }

    public State state() {
        return state;
    }

    /** The command to send now, as arguments. */
    public byte[][] command() {
        return switch (state) {
            case PING -> args("PING");
            case LISTENING_PORT -> args("REPLCONF", "listening-port", Integer.toString(listeningPort));
            case CAPA -> args("REPLCONF", "capa", "eof", "capa", "psync2");
            case RDB_ONLY -> args("REPLCONF", "rdb-only", "1");
            case PSYNC -> resumeFrom == null
                ? args("PSYNC", "?", "-1")
                : args("PSYNC", resumeFrom.replid().value(), Long.toString(resumeFrom.psyncOffset()));
            case DONE -> throw new IllegalStateException("the handshake is done");
        };
    }

    /**
     * Takes the reply (one line, without its line ending) to the command of the current state.
     *
     * @throws ReplicationException when the master refuses in a way Redis would not tolerate
     */
    public void onReply(String line) throws ReplicationException {
        switch (state) {
            case PING -> {
                if (line.startsWith("-NOAUTH")) {
                    throw new ReplicationException("the master requires authentication (" + line.substring(1)
                        + "): give a password with -a, --user/--pass or the URI", false);
                }
                if (!line.startsWith("+") && !line.startsWith("-NOPERM")
                        && !line.startsWith("-ERR operation not permitted")) {
                    throw new ReplicationException("unexpected reply to PING: \"" + line + "\"",
                        line.startsWith("-"));
                }
                state = State.LISTENING_PORT;
            }
            case LISTENING_PORT -> state = State.CAPA;
            case CAPA -> state = rdbOnly ? State.RDB_ONLY : State.PSYNC;
            case RDB_ONLY -> state = State.PSYNC;
            case PSYNC -> {
                if (line.isEmpty()) {
                    return; // keepalive while the master prepares its answer
                }
                psyncReply = PsyncReply.parse(line);
                state = State.DONE;
            }
            case DONE -> throw new IllegalStateException("the handshake is done");
        }
    }

    /** Whether a reply to the current state may be preceded by keepalive newlines. */
    public boolean ignoresEmptyLines() {
        return state == State.PSYNC;
    }

    /** The master's PSYNC answer, once {@link State#DONE}. */
    public PsyncReply psyncReply() {
        return psyncReply;
    }

    private static byte[][] args(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }
}
