package io.replkit.cli.replay;

/** What {@code replay} does when the target refuses a command ({@code --on-error}). */
public enum OnError {
    /** End the replay, exit code 1, naming the key and the target's error. */
    stop,
    /** Count the refusal and go on. */
    skip,
    /** Print the refusal on stderr, count it, and go on. */
    log
}
