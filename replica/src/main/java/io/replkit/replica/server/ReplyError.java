package io.replkit.replica.server;

/**
 * An error reply raised from inside a command: whatever the command wrote so far is discarded and
 * the client gets {@code -message}. Carries no stack trace: it is control flow, not a fault.
 */
public final class ReplyError extends RuntimeException {
    public static final String SYNTAX = "ERR syntax error";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    public ReplyError(String message) {
        super(message, null, false, false);
    }

    public static ReplyError syntax() {
        return new ReplyError(SYNTAX);
    }

    public static ReplyError notInteger() {
        return new ReplyError(NOT_INTEGER);
    }

    public static ReplyError wrongType() {
        return new ReplyError(WRONGTYPE);
    }
}
