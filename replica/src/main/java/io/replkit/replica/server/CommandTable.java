package io.replkit.replica.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every command the server knows, by lower-case name: the reads it answers and the writes it refuses. */
final class CommandTable {
    private final Map<String, CommandSpec> specs = new LinkedHashMap<>();

    static CommandTable standard() {
        CommandTable t = new CommandTable();
        ConnectionCommands.register(t);
        PubSubCommands.register(t);
        ServerCommands.register(t);
        KeyCommands.register(t);
        StringCommands.register(t);
        ListCommands.register(t);
        SetCommands.register(t);
        ZSetCommands.register(t);
        HashCommands.register(t);
        StreamCommands.register(t);
        GeoCommands.register(t);
        MemoryCommands.register(t);
        WriteCommands.register(t);
        ReplicationCommands.register(t);
        return t;
    }

    CommandSpec lookup(String lowerName) {
        return specs.get(lowerName);
    }

    Collection<CommandSpec> all() {
        return specs.values();
    }

    /** A read command on the dataset, with its key positions. */
    void read(String name, int arity, int firstKey, int lastKey, int step, CommandSpec.Handler h) {
        add(new CommandSpec(name, name, arity, List.of("readonly"), firstKey, lastKey, step, false, true, h, null));
    }

    /** A command that touches no data (connection and server state). */
    void plain(String name, int arity, CommandSpec.Handler h) {
        add(new CommandSpec(name, name, arity, List.of(), 0, 0, 0, false, false, h, null));
    }

    /** A write command: known (so arity errors match Redis) and refused with -READONLY. */
    void write(String name, int arity, int firstKey, int lastKey, int step) {
        add(new CommandSpec(name, name, arity, List.of("write"), firstKey, lastKey, step, true, false, null, null));
    }

    /** A container command ({@code CLIENT}, {@code CONFIG} ...) whose subcommands are added with {@link Container#sub}. */
    Container container(String name, int arity) {
        return container(name, arity, null);
    }

    /** A container that also runs on its own ({@code COMMAND} without a subcommand runs {@code h}). */
    Container container(String name, int arity, CommandSpec.Handler h) {
        Map<String, CommandSpec> subs = new LinkedHashMap<>();
        add(new CommandSpec(name, name, arity, List.of(), 0, 0, 0, false, false, h, Collections.unmodifiableMap(subs)));
        return new Container(name, subs);
    }

    /** Adds subcommands to a container. */
    static final class Container {
        private final String parent;
        private final Map<String, CommandSpec> subs;

        Container(String parent, Map<String, CommandSpec> subs) {
            this.parent = parent;
            this.subs = subs;
        }

        Container sub(String name, int arity, boolean dataAccess, CommandSpec.Handler h) {
            return sub(name, arity, dataAccess, 0, 0, 0, h);
        }

        Container sub(String name, int arity, boolean dataAccess, int firstKey, int lastKey, int step,
                      CommandSpec.Handler h) {
            subs.put(name, new CommandSpec(name, parent + "|" + name, arity, dataAccess ? List.of("readonly") : List.of(),
                    firstKey, lastKey, step, false, dataAccess, h, null));
            return this;
        }

        Container writeSub(String name, int arity) {
            subs.put(name, new CommandSpec(name, parent + "|" + name, arity, List.of("write"), 0, 0, 0, true, false,
                    null, null));
            return this;
        }
    }

    private void add(CommandSpec s) {
        specs.put(s.name(), s);
    }

    List<String> names() {
        return new ArrayList<>(specs.keySet());
    }
}
