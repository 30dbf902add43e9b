package io.replkit.cli.repl;

/** {@code repl-tail --format}. */
public enum TailFormat {
    /** One command per line, quoted like redis-cli. */
    text,
    /** One JSON object per line: offset, db, time, command. */
    jsonl,
    /** The stream's commands as RESP, replayable with {@code redis-cli --pipe}. */
    resp
}
