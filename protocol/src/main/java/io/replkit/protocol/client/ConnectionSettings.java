package io.replkit.protocol.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@link RedisConnection#open} needs.
 *
 * @param uri            server, database and the URI's credentials
 * @param tls            TLS settings, used when {@code uri.tls()}
 * @param connectTimeout for the TCP connect and the TLS handshake
 * @param readTimeout    how long a reply may take; {@link Duration#ZERO} waits forever
 * @param clientName     sent as {@code CLIENT SETNAME} when not null
 * @param username       overrides the URI's user when not null
 * @param password       overrides the URI's password when not null
 */
public record ConnectionSettings(RedisUri uri, TlsSettings tls, Duration connectTimeout, Duration readTimeout,
                                 String clientName, String username, String password) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

    public ConnectionSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (connectTimeout.isNegative() || readTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts cannot be negative");
        }
    }

    /** Default TLS settings and timeouts, the URI's credentials. */
    public static ConnectionSettings of(RedisUri uri) {
        return new ConnectionSettings(uri, TlsSettings.DEFAULT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT,
                null, null, null);
    }

    /** {@link #of(RedisUri)} of {@link RedisUri#parse}. */
    public static ConnectionSettings of(String uri) {
        return of(RedisUri.parse(uri));
    }

    /** The user to AUTH as: the override, else the URI's; null for the default user. */
    public String effectiveUsername() {
        return username != null ? username : uri.username();
    }

    /** The password to AUTH with: the override, else the URI's; null for none. */
    public String effectivePassword() {
        return password != null ? password : uri.password();
    }

    public ConnectionSettings withTls(TlsSettings t) {
        return new ConnectionSettings(uri, t, connectTimeout, readTimeout, clientName, username, password);
    }

    public ConnectionSettings withConnectTimeout(Duration d) {
        return new ConnectionSettings(uri, tls, d, readTimeout, clientName, username, password);
    }

    public ConnectionSettings withReadTimeout(Duration d) {
        return new ConnectionSettings(uri, tls, connectTimeout, d, clientName, username, password);
    }

    public ConnectionSettings withClientName(String name) {
        return new ConnectionSettings(uri, tls, connectTimeout, readTimeout, name, username, password);
    }

    public ConnectionSettings withCredentials(String user, String pass) {
        return new ConnectionSettings(uri, tls, connectTimeout, readTimeout, clientName, user, pass);
    }

    /** Masks the password. */
    @Override
    public String toString() {
        return "ConnectionSettings[uri=" + uri + ", tls=" + tls + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", clientName=" + clientName + ", username=" + username
                + ", password=" + (password == null ? null : "***") + "]";
    }
}
