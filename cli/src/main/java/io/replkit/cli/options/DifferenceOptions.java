package io.replkit.cli.options;

import io.replkit.cli.UsageException;
import io.replkit.cli.output.OutputFormat;
import picocli.CommandLine.Option;

/** How the commands that compare data (rdb-diff, verify-data) report differences. */
public final class DifferenceOptions {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text or jsonl (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--max-details", paramLabel = "N", defaultValue = "10",
        description = "At most N differences listed per key; the rest are counted (default: ${DEFAULT-VALUE}).")
    int maxDetails;

    /** Usage errors, naming {@code command}, for a format other than text or jsonl and a negative --max-details. */
    public void validate(String command) {
        if (format != OutputFormat.text && format != OutputFormat.jsonl) {
            throw new UsageException(command + " prints --format text or jsonl");
        }
        if (maxDetails < 0) {
            throw new UsageException("--max-details takes a number >= 0");
        }
    }

    public OutputFormat format() {
        return format;
    }

    /** Differences listed per key at most. */
    public int maxDetails() {
        return maxDetails;
    }
}
