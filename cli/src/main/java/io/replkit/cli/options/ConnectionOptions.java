package io.replkit.cli.options;

import io.replkit.cli.UsageException;
import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.client.RedisUri;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How to reach a Redis server, with redis-cli's option names. Commands that use it must offer
 * {@link HelpOption} instead of picocli's standard help options ({@code -h} is the host here).
 *
 * <p>Precedence, highest first: the flags ({@code -h -p -n --user -a/--pass --tls}), then the parts
 * of the URI (the command's own URI option such as {@code --master}, or {@code -u}, never both), then
 * {@code REDISCLI_AUTH} for the password, then the defaults ({@code 127.0.0.1:6379}, database 0).
 */
public final class ConnectionOptions {

    /** The variable redis-cli reads the password from. */
    public static final String AUTH_ENV = AuthTlsOptions.AUTH_ENV;

    @Mixin
    AuthTlsOptions auth = new AuthTlsOptions();

    @Option(names = {"-u", "--uri"}, paramLabel = "URI",
        description = "Server URI: redis://[[user]:password@]host[:port][/db], rediss:// for TLS.")
    String uri;

    @Option(names = {"-h", "--host"}, paramLabel = "HOST", description = "Server host (default: 127.0.0.1).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Server port (default: 6379).")
    Integer port;



    @Option(names = "-n", paramLabel = "DB", description = "Database number (default: 0).")
    Integer db;







    @Option(names = "--connect-timeout", paramLabel = "TIME",
        description = "Time to connect and finish the TLS handshake: seconds, or with ms/s/m (default: 5s).")
    String connectTimeout;

    @Option(names = "--timeout", paramLabel = "TIME",
        description = "Time a reply may take: seconds, or with ms/s/m; 0 waits forever (default: 5s).")
    String timeout;

    /** Reads {@link #AUTH_ENV} from {@code env} instead of the process's environment (for tests). */
    public ConnectionOptions withEnvironment(Map<String, String> env) {
        auth.withEnvironment(env);
        return this;
    }

    /**
     * The settings these options describe.
     *
     * @param commandUri the URI given by the command's own option (e.g. {@code --master}), or null
     * @throws UsageException for a bad URI, port, database or time, or options that do not fit together
     */
    public ConnectionSettings settings(String commandUri) {
        if (commandUri != null && uri != null) {
            throw new UsageException("give the server once: either as a URI of the command or with -u, not both");
        }
        String text = commandUri != null ? commandUri : uri;
        RedisUri u;
        try {
            u = text != null ? RedisUri.parse(text) : RedisUri.of("127.0.0.1", RedisUri.DEFAULT_PORT);
            if (host != null) {
                u = u.withHost(stripBrackets(host));
            }
            if (port != null) {
                u = u.withPort(port);
            }
            if (db != null) {
                u = u.withDb(db);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        u = auth.applyTo(u);
        return new ConnectionSettings(u, auth.tlsSettings(u.tls()),
                duration(connectTimeout, "--connect-timeout", ConnectionSettings.DEFAULT_CONNECT_TIMEOUT),
                duration(timeout, "--timeout", ConnectionSettings.DEFAULT_READ_TIMEOUT), null, null, null);
    }

    private static String stripBrackets(String h) {
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** {@code 5}, {@code 2.5} (seconds), {@code 500ms}, {@code 10s}, {@code 1m}. */
    static Duration duration(String text, String option, Duration fallback) {
        if (text == null) {
            return fallback;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unitMillis = 1000;
        if (t.endsWith("ms")) {
            unitMillis = 1;
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unitMillis = 60_000;
            t = t.substring(0, t.length() - 1);
        }
        try {
            BigDecimal n = new BigDecimal(t);
            if (n.signum() < 0 || n.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE / 1000)) > 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(n.multiply(BigDecimal.valueOf(unitMillis)).longValue());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " '" + text + "' is not a time: expected seconds (2.5) or 500ms, 10s, 1m");
        }
    }
}
