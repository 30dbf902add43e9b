package io.replkit.cli.output;

/** {@code --format}: how a command renders data on stdout. */
public enum OutputFormat {
    text, json, jsonl, csv
}
