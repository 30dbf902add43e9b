package io.replkit.protocol.client;

import java.io.IOException;

/**
 * A connection could not be made or broke, in one line a user can act on: {@code cannot connect to
 * 127.0.0.1:1: connection refused}, {@code authentication failed at 127.0.0.1:6379: WRONGPASS ...},
 * {@code 127.0.0.1:6379 did not answer within 5s}, {@code TLS handshake with ... failed: ...},
 * {@code 127.0.0.1:6379 sent a malformed reply: ...}.
 */
public class RedisConnectionException extends IOException {
    private static final long serialVersionUID = 1L;

    public RedisConnectionException(String message) {
        super(message);
    }

    public RedisConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
