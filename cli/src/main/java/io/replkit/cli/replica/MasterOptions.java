package io.replkit.cli.replica;

import io.replkit.cli.UsageException;
import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.client.RedisUri;
import io.replkit.protocol.client.TlsSettings;
import java.nio.file.Path;
import java.util.Map;
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
    static final String AUTH_ENV = "REDISCLI_AUTH";

    @Option(names = "--master", paramLabel = "URI", required = true,
        description = "The master: redis://[[user]:password@]host[:port], rediss:// for TLS.")
    String master;

    @Option(names = {"-a", "--pass"}, paramLabel = "PASSWORD",
        description = "The master's password (AUTH); else the URI's, else the REDISCLI_AUTH environment variable.")
    String password;

    @Option(names = "--user", paramLabel = "USER", description = "ACL user to authenticate to the master as (with a password).")
    String user;

    @Option(names = "--tls", description = "Connect to the master with TLS (as a rediss:// URI does).")
    boolean tls;

    @Option(names = "--cacert", paramLabel = "FILE", description = "PEM file of the CAs to trust (default: the JVM's).")
    Path caCert;

    @Option(names = "--cert", paramLabel = "FILE", description = "PEM client certificate, for masters that require one.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "PEM private key of --cert (PKCS#8, PKCS#1 RSA or EC).")
    Path key;

    @Option(names = "--insecure", description = "TLS without verifying the master's certificate or name.")
    boolean insecure;

    @Option(names = "--sni", paramLabel = "NAME", description = "Server name for TLS (SNI and certificate check; default: the host).")
    String sni;

    private Map<String, String> environment = System.getenv();

    /** Reads {@link #AUTH_ENV} from {@code env} instead of the process's environment (for tests). */
    MasterOptions withEnvironment(Map<String, String> env) {
        this.environment = env;
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
        u = u.withCredentials(username, pass);
        boolean anyTlsOption = caCert != null || cert != null || key != null || insecure || sni != null;
        if (anyTlsOption && !u.tls()) {
            throw new UsageException("--cacert, --cert, --key, --insecure and --sni need --tls or a rediss:// master");
        }
        if ((cert == null) != (key == null)) {
            throw new UsageException("--cert and --key go together");
        }
        return ConnectionSettings.of(u).withTls(new TlsSettings(caCert, cert, key, insecure, sni, true));
    }
}
