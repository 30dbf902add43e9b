package io.replkit.cli.options;

import io.replkit.protocol.client.ConnectionSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --master URI} and all the connection options that complete or override it, for the
 * commands that connect to a master as a replica (dump, repl-tail). Like {@link ConnectionOptions},
 * it needs {@link HelpOption} instead of picocli's standard help options. (start-replica cannot
 * take -h/-p for its master, so it has its own {@code replica.MasterOptions}.)
 */
public final class MasterConnectionOptions {

    @Option(names = "--master", paramLabel = "URI",
        description = "The master: redis://[[user]:password@]host[:port] or rediss:// (or -h/-p and the other connection options; see README, Connecting).")
    String master;

    @Mixin
    ConnectionOptions connection;

    /** How to reach the master; usage errors for a bad URI or conflicting options. */
    public ConnectionSettings settings() {
        return connection.settings(master);
    }
}
