package io.replkit.protocol.repl;

import java.util.Optional;

/**
 * The master's answer to {@code PSYNC} ({@code slaveTryPartialResynchronization}): a full resync
 * with a snapshot to follow, a partial resync continuing from the requested offset, or a refusal.
 */
public sealed interface PsyncReply {

    /** {@code +FULLRESYNC <replid> <offset>}: an RDB payload follows; the stream starts at {@code offset}. */
    record FullResync(ReplicationId replid, long offset) implements PsyncReply {
    }

    /**
     * {@code +CONTINUE [<replid>]}: backlog bytes from the requested offset follow. A new id is
     * present when the master changed ids (promotion, failover) and it differs from the old one.
     */
    record Continue(Optional<ReplicationId> newReplid) implements PsyncReply {
    }

    /**
     * An error reply. {@code -NOMASTERLINK} (a replica not connected to its own master, or failing
     * over) and {@code -LOADING} are transient: Redis retries later. Anything else is final here.
     */
    record Refused(String error) implements PsyncReply {
        public boolean isTransient() {
            return error.startsWith("NOMASTERLINK") || error.startsWith("LOADING")
                || error.contains("Can't SYNC while not connected with my master");
        }
    }

    /**
     * Parses one reply line, without its line ending.
     *
     * @throws ReplicationException for a line that is none of the above (not retryable)
     */
    static PsyncReply parse(String line) throws ReplicationException {
        if (line.startsWith("-")) {
            return new Refused(line.substring(1));
        }
        if (line.startsWith("+FULLRESYNC")) {
            String[] parts = line.substring(1).split(" ");
            if (parts.length != 3 || !ReplicationId.isValid(parts[1])) {
                throw new ReplicationException("malformed PSYNC reply \"" + line
                    + "\": expected +FULLRESYNC <40 hex chars> <offset>", false);
            }
            try {
                return new FullResync(new ReplicationId(parts[1]), Long.parseLong(parts[2]));
            } catch (NumberFormatException e) {
                throw new ReplicationException("malformed PSYNC reply \"" + line
                    + "\": offset is not a number", false);
            }
        }
        if (line.equals("+CONTINUE")) {
            return new Continue(Optional.empty());
        }
        if (line.startsWith("+CONTINUE ")) {
            String id = line.substring("+CONTINUE ".length()).strip();
            if (id.isEmpty()) {
                return new Continue(Optional.empty());
            }
            if (!ReplicationId.isValid(id)) {
                throw new ReplicationException("malformed PSYNC reply \"" + line
                    + "\": expected +CONTINUE [<40 hex chars>]", false);
            }
            return new Continue(Optional.of(new ReplicationId(id)));
        }
        throw new ReplicationException("unexpected PSYNC reply \"" + line
            + "\": expected +FULLRESYNC, +CONTINUE or an error", false);
    }
}
