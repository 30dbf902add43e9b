package io.replkit.protocol.repl;

import java.io.IOException;

/**
 * A replication session failed: the master refused or broke the protocol, or the link was lost and
 * could not be re-established. The message is one line naming the master and the cause.
 */
public class ReplicationException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public ReplicationException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    public ReplicationException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Whether reconnecting later may succeed (a lost link, a master still loading) or not (bad credentials, protocol errors). */
    public boolean isRetryable() {
        return retryable;
    }
}
