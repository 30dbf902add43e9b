package io.replkit.cli;

/** A command line that parses but makes no sense (conflicting options, bad combination): exit 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
