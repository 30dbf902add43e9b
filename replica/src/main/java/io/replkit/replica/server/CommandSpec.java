package io.replkit.replica.server;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One command as the dispatcher and COMMAND see it: Redis's name, arity (negative: at least),
 * flags, key positions, and either a handler or subcommands ({@code CLIENT SETNAME} ...).
 *
 * @param fullName     "get", or "client|setname" for a subcommand (as Redis 7.0 names them in errors)
 * @param write        a write command: a read-only replica refuses it with -READONLY
 * @param dataAccess   runs under the dataset's read lock
 */
record CommandSpec(String name, String fullName, int arity, List<String> flags, int firstKey, int lastKey, int step,
                   boolean write, boolean dataAccess, Handler handler, Map<String, CommandSpec> subcommands) {

    /** What a command does. */
    @FunctionalInterface
    interface Handler {
        void run(Request r);
    }

    static final Set<String> NO_AUTH_NEEDED = Set.of("auth", "hello", "quit", "reset");

    boolean arityOk(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }
}
