package io.replkit.replica.data;

/**
 * A command that Redis answers with an error, raised by logic shared between the applier and the
 * server (each turns it into its own error type): the message is Redis's error text, code first
 * ({@code "ERR syntax error"}).
 */
public final class RejectedCommand extends Exception {
    private static final long serialVersionUID = 1L;

    public RejectedCommand(String redisError) {
        super(redisError, null, false, false);
    }
}
