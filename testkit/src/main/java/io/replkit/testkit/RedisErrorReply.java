package io.replkit.testkit;

/**
 * An error reply ({@code -ERR ...}) from Redis, as thrown by {@link TestRedisClient#call}. The
 * message is the error text without the leading {@code -}, e.g.
 * {@code "WRONGTYPE Operation against a key holding the wrong kind of value"}.
 *
 * <p>Errors nested inside an array reply (e.g. from EXEC) are not thrown: the list holds an
 * instance of this class in their place.
 */
public class RedisErrorReply extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RedisErrorReply(String message) {
        super(message);
    }

    /** The first word of the error: {@code "ERR"}, {@code "WRONGTYPE"}, {@code "LOADING"}, ... */
    public String code() {
        String m = getMessage();
        int sp = m.indexOf(' ');
        return sp < 0 ? m : m.substring(0, sp);
    }
}
