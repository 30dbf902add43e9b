package io.replkit.cli.replay;

import java.io.IOException;

/** The target refused a command and {@code --on-error stop} is in force. */
final class ReplayException extends IOException {
    private static final long serialVersionUID = 1L;

    ReplayException(String message) {
        super(message);
    }
}
