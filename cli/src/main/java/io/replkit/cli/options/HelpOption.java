package io.replkit.cli.options;

import picocli.CommandLine.Option;

/**
 * {@code --help} alone, for commands that take {@link ConnectionOptions}: there {@code -h} is the
 * host, as in redis-cli, so picocli's standard {@code -h/--help} cannot be mixed in.
 */
public final class HelpOption {

    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
