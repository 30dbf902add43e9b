package io.replkit.cli.replica;

import io.replkit.cli.UsageException;
import io.replkit.cli.options.AuthTlsOptions;
import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.client.RedisUri;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How start-replica reaches its master. The shared connection options cannot be mixed in whole:
 * {@code -p/--port} and {@code -h} would name the master there, while start-replica's
 * {@code --port} is the port it serves on. So the master is a URI ({@code --master}: host, port,
 * credentials, rediss://) plus the connection flags that clash with nothing, under redis-cli's
 * names: {@code --user}, {@code -a/--pass}, {@code --tls}, {@code --cacert}, {@code --cert},
 * {@code --key}, {@code --insecure}, {@code --sni}. Flags win over the URI's parts; the password
 * falls back to {@code REDISCLI_AUTH}.
 */
public final class MasterOptions {

    @Option(names = "--master", paramLabel = "URI", required = true,
        description = "The master: redis://[[user]:password@]host[:port], rediss:// for TLS.")
    String master;

    @Mixin
    AuthTlsOptions auth = new AuthTlsOptions();

    /** Reads REDISCLI_AUTH from {@code env} instead of the process's environment (for tests). */
    MasterOptions withEnvironment(Map<String, String> env) {
        auth.withEnvironment(env);
        return this;
    }

    /** The master's connection settings; a {@link UsageException} for a bad URI or flags that do not fit. */
    ConnectionSettings settings() {
        RedisUri u;
        try {
            u = RedisUri.parse(master);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--master: " + e.getMessage());
        }
        u = auth.applyTo(u);
        return ConnectionSettings.of(u).withTls(auth.tlsSettings(u.tls()));
    }
}
