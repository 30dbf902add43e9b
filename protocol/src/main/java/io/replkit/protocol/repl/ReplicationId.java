package io.replkit.protocol.repl;

/**
 * A master's replication id ({@code master_replid}): 40 lowercase or uppercase hex characters,
 * created at random when a master starts or is promoted ({@code changeReplicationId}).
 */
public record ReplicationId(String value) {
    public static final int LENGTH = 40;

    public ReplicationId {
        requireValid(value);
    }

    /** The id in {@code text}, or an {@link IllegalArgumentException} saying what is wrong with it. */
    public static ReplicationId parse(String text) {
        return new ReplicationId(text);
    }

    /** Whether {@code text} is 40 hex characters. */
    public static boolean isValid(String text) {
        if (text == null || text.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static void requireValid(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException("replication id \"" + text + "\" is not "
                + LENGTH + " hex characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
