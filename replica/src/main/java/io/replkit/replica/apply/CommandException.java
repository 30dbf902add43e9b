package io.replkit.replica.apply;

/**
 * A command that Redis would answer with an error (wrong type, bad argument): the message is
 * Redis's error text, e.g. {@code "WRONGTYPE Operation against a key holding the wrong kind of
 * value"}. A replica logs it and carries on, as Redis does for its master's commands.
 */
public class CommandException extends Exception {
    private static final long serialVersionUID = 1L;

    public CommandException(String redisError) {
        super(redisError);
    }

    static CommandException wrongType() {
        return new CommandException("WRONGTYPE Operation against a key holding the wrong kind of value");
    }

    static CommandException syntax() {
        return new CommandException("ERR syntax error");
    }

    static CommandException notInteger() {
        return new CommandException("ERR value is not an integer or out of range");
    }

    static CommandException notFloat() {
        return new CommandException("ERR value is not a valid float");
    }

    static CommandException arity(String command) {
        return new CommandException("ERR wrong number of arguments for '" + command.toLowerCase(java.util.Locale.ROOT) + "' command");
    }
}
