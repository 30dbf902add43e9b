package io.replkit.protocol.repl;

/**
 * A position in a master's replication stream: its replication id and the number of stream bytes
 * processed so far ({@code master_repl_offset} on the master, {@code reploff} on a replica). To
 * resume from here a replica asks {@code PSYNC <replid> <offset + 1>}.
 *
 * <p>Written and parsed as {@code REPLID:OFFSET}, the form of {@code --from} and checkpoint files.
 */
public record ReplicationOffset(ReplicationId replid, long offset) {

    public ReplicationOffset {
        if (replid == null) {
            throw new IllegalArgumentException("replication id is missing");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("replication offset " + offset + " is negative");
        }
    }

    /** Parses {@code REPLID:OFFSET}; the message of the exception says what is wrong. */
    public static ReplicationOffset parse(String text) {
        String s = text.strip();
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("\"" + text + "\" is not REPLID:OFFSET");
        }
        ReplicationId id = ReplicationId.parse(s.substring(0, colon));
        long offset;
        try {
            offset = Long.parseLong(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("offset \"" + s.substring(colon + 1) + "\" in \"" + text
                + "\" is not a number");
        }
        return new ReplicationOffset(id, offset);
    }

    /** The offset to send in {@code PSYNC}: the first byte not yet processed. */
    public long psyncOffset() {
        return offset + 1;
    }

    @Override
    public String toString() {
        return replid + ":" + offset;
    }
}
