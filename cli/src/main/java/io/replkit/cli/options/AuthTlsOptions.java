package io.replkit.cli.options;

import io.replkit.cli.UsageException;
import io.replkit.protocol.client.RedisUri;
import io.replkit.protocol.client.TlsSettings;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Credentials and TLS under redis-cli's option names, and how they combine with a URI: flags win
 * over the URI's parts, the password falls back to {@code REDISCLI_AUTH}. Shared by
 * {@link ConnectionOptions} and by start-replica, whose {@code --port} rules out the host/port flags.
 */
public final class AuthTlsOptions {
    public static final String AUTH_ENV = "REDISCLI_AUTH";

    @Option(names = {"-a", "--pass"}, paramLabel = "PASSWORD",
        description = "Password (AUTH); else the URI's, else the REDISCLI_AUTH environment variable.")
    String password;

    @Option(names = "--user", paramLabel = "USER", description = "ACL user to authenticate as (with a password).")
    String user;

    @Option(names = "--tls", description = "Connect with TLS (as a rediss:// URI does).")
    boolean tls;

    @Option(names = "--cacert", paramLabel = "FILE", description = "PEM file of the CAs to trust (default: the JVM's).")
    Path caCert;

    @Option(names = "--cert", paramLabel = "FILE", description = "PEM client certificate, for servers that require one.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "PEM private key of --cert (PKCS#8, PKCS#1 RSA or EC).")
    Path key;

    @Option(names = "--insecure", description = "TLS without verifying the server's certificate or name.")
    boolean insecure;

    @Option(names = "--sni", paramLabel = "NAME",
        description = "Server name for TLS (SNI and certificate check; default: the host).")
    String sni;

    private Map<String, String> environment = System.getenv();

    /** Reads {@link #AUTH_ENV} from {@code env} instead of the process's environment (for tests). */
    public AuthTlsOptions withEnvironment(Map<String, String> env) {
        this.environment = env;
        return this;
    }

    /** {@code u} with {@code --tls} and the credentials applied; a {@link UsageException} for a user without password. */
    public RedisUri applyTo(RedisUri u) {
        if (tls) {
            u = u.withTls(true);
        }
        String username = user != null ? user : u.username();
        String pass = password != null ? password : u.password();
        if (pass == null) {
            String env = environment.get(AUTH_ENV);
            pass = env == null || env.isEmpty() ? null : env;
        }
        if (username != null && pass == null) {
            throw new UsageException("--user " + username + " needs a password (-a, the URI or " + AUTH_ENV + ")");
        }
        return u.withCredentials(username, pass);
    }

    /** The TLS settings for a connection that uses TLS or not; TLS flags without TLS are a usage error. */
    public TlsSettings tlsSettings(boolean tlsOn) {
        boolean anyTlsOption = caCert != null || cert != null || key != null || insecure || sni != null;
        if (anyTlsOption && !tlsOn) {
            throw new UsageException("--cacert, --cert, --key, --insecure and --sni need --tls or a rediss:// URI");
        }
        if ((cert == null) != (key == null)) {
            throw new UsageException("--cert and --key go together");
        }
        return new TlsSettings(caCert, cert, key, insecure, sni, true);
    }
}
