package io.replkit.protocol.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a Redis server is and how to log in: parsed from {@code redis://[[user]:password@]host[:port][/db]},
 * {@code rediss://...} (TLS), or the same without a scheme ({@code [user:pass@]host:port}).
 *
 * <p>As in {@code redis-cli -u}: user info without a colon is a password alone; user and password are
 * percent-decoded ({@code %40} for {@code @}); an IPv6 host is written in brackets
 * ({@code [::1]:6379}). The port defaults to 6379 and the database to 0.
 *
 * <p>{@link #toString()} masks the password, and so do all error messages.
 *
 * @param tls      whether to speak TLS ({@code rediss://})
 * @param host     host name or IP literal, without brackets
 * @param port     TCP port
 * @param db       database to SELECT after connecting
 * @param username ACL user, or null for the default user
 * @param password password, or null for none
 */
public record RedisUri(boolean tls, String host, int port, int db, String username, String password) {

    public static final int DEFAULT_PORT = 6379;

    public RedisUri {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1-65535");
        }
        if (db < 0) {
            throw new IllegalArgumentException("database " + db + " is negative");
        }
    }

    /** A plain connection to {@code host:port}, database 0, no credentials. */
    public static RedisUri of(String host, int port) {
        return new RedisUri(false, host, port, 0, null, null);
    }

    /**
     * Parses a URI in one of the forms above.
     *
     * @throws IllegalArgumentException naming what is wrong (with the password masked)
     */
    public static RedisUri parse(String text) {
        Objects.requireNonNull(text, "text");
        String shown = mask(text);
        String rest = text;
        boolean tls = false;
        int schemeEnd = text.indexOf("://");
        if (schemeEnd >= 0) {
            String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            if (scheme.equals("rediss")) {
                tls = true;
            } else if (!scheme.equals("redis")) {
                throw new IllegalArgumentException("unsupported scheme '" + scheme + "' in " + shown
                        + ": expected redis:// or rediss://");
            }
            rest = text.substring(schemeEnd + 3);
        }
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw new IllegalArgumentException("query or fragment in " + shown + ": not supported");
        }
        String username = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                username = decode(userInfo.substring(0, colon), "user name", shown);
                password = decode(userInfo.substring(colon + 1), "password", shown);
                if (username.isEmpty()) {
                    username = null;
                }
            } else {
                password = decode(userInfo, "password", shown);
            }
        }
        int db = 0;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
            if (!path.isEmpty()) {
                db = parseNumber(path, Integer.MAX_VALUE, "database", shown, "a database number 0 or more");
            }
        }
        String host;
        int port = DEFAULT_PORT;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '[' in " + shown + ": expected [IPv6]:port");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("'" + after + "' after ']' in " + shown + ": expected :port");
                }
                port = parsePort(after.substring(1), shown);
            }
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon >= 0 && rest.indexOf(':') != colon) {
                throw new IllegalArgumentException("IPv6 address without brackets in " + shown
                        + ": expected [address]:port");
            }
            host = colon >= 0 ? rest.substring(0, colon) : rest;
            if (colon >= 0) {
                port = parsePort(rest.substring(colon + 1), shown);
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host in " + shown + ": expected redis://host[:port]");
        }
        return new RedisUri(tls, host, port, db, username, password);
    }

    /** {@code host:port}, the IPv6 host in brackets: how messages name the server. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    public RedisUri withCredentials(String newUsername, String newPassword) {
        return new RedisUri(tls, host, port, db, newUsername, newPassword);
    }

    public RedisUri withHost(String newHost) {
        return new RedisUri(tls, newHost, port, db, username, password);
    }

    public RedisUri withPort(int newPort) {
        return new RedisUri(tls, host, newPort, db, username, password);
    }

    public RedisUri withDb(int newDb) {
        return new RedisUri(tls, host, port, newDb, username, password);
    }

    public RedisUri withTls(boolean newTls) {
        return new RedisUri(newTls, host, port, db, username, password);
    }

    /** The URI with the password shown as {@code ***}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(tls ? "rediss://" : "redis://");
        if (username != null || password != null) {
            if (username != null) {
                sb.append(encode(username));
            }
            if (password != null) {
                sb.append(":***");
            }
            sb.append('@');
        }
        sb.append(address());
        if (db != 0) {
            sb.append('/').append(db);
        }
        return sb.toString();
    }

    /** {@code text} with whatever stands between the last ':' of the user info and '@' replaced by ***. */
    static String mask(String text) {
        int start = text.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int at = text.lastIndexOf('@');
        if (at < start) {
            return text;
        }
        int colon = text.indexOf(':', start);
        int from = colon >= 0 && colon < at ? colon + 1 : start;
        return text.substring(0, from) + "***" + text.substring(at);
    }

    private static int parsePort(String s, String shown) {
        return parseNumber(s, 65535, "port", shown, "a port 1-65535");
    }

    private static int parseNumber(String s, int max, String what, String shown, String expected) {
        boolean digits = !s.isEmpty() && s.length() <= 10 && s.chars().allMatch(c -> c >= '0' && c <= '9');
        long n = digits ? Long.parseLong(s) : -1;
        if (n < 0 || n > max || (what.equals("port") && n == 0)) {
            throw new IllegalArgumentException("bad " + what + " '" + s + "' in " + shown + ": expected " + expected);
        }
        return (int) n;
    }

    private static String decode(String s, String what, String shown) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new IllegalArgumentException("bad percent escape in the " + what + " of " + shown
                            + ": expected %XX with two hex digits");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                int next = s.indexOf('%', i);
                int end = next < 0 ? s.length() : next;
                byte[] b = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i = end - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the " + what + " of " + shown + " is not UTF-8 once percent-decoded");
        }
    }

    private static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }
}
