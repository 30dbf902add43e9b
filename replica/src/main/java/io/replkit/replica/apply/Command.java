package io.replkit.replica.apply;

/** One command's effect on the dataset; {@code argv[0]} is the command name. */
@FunctionalInterface
interface Command {
    void apply(ApplyContext ctx, byte[][] argv) throws CommandException;
}
