package io.replkit.replica.server;

/**
 * How the server listens and what it claims to be.
 *
 * @param bind        address to bind (127.0.0.1 unless told otherwise)
 * @param port        TCP port, 0 for any free port
 * @param password    the default user's password (AUTH/HELLO AUTH), or null for none
 * @param redisVersion the version reported by HELLO and INFO; replies follow Redis 7.0
 */
public record ServerOptions(String bind, int port, String password, String redisVersion) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final String REPORTED_VERSION = "7.0.15";

    public static ServerOptions of(String bind, int port) {
        return new ServerOptions(bind, port, null, REPORTED_VERSION);
    }

    public ServerOptions withPassword(String pass) {
        return new ServerOptions(bind, port, pass, redisVersion);
    }
}
