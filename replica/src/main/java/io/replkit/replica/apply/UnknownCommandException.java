package io.replkit.replica.apply;

/**
 * A command the applier does not know (from a module, or newer than this replica): the caller
 * decides whether to stop or to skip it. Skipping may leave the dataset different from the master's.
 */
public final class UnknownCommandException extends CommandException {
    private static final long serialVersionUID = 1L;
    private final String command;

    public UnknownCommandException(String command, String why) {
        super("ERR unknown command '" + command + "'" + (why == null ? "" : ": " + why));
        this.command = command;
    }

    /** The command name as received. */
    public String command() {
        return command;
    }
}
