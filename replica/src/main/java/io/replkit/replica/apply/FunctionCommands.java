package io.replkit.replica.apply;

import static io.replkit.replica.apply.KeyCommands.requireArgs;

import io.replkit.rdb.FunctionLibrary;
import io.replkit.replica.load.DumpPayload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * FUNCTION LOAD/DELETE/FLUSH/RESTORE: the libraries' code is kept (by library name) so it can be
 * listed and dumped; nothing is executed, since functions replicate their effects.
 */
final class FunctionCommands {
    private FunctionCommands() {
    }

    static void register(Map<String, Command> t) {
        t.put("FUNCTION", FunctionCommands::function);
        t.put("SCRIPT", (c, a) -> { }); // SCRIPT LOAD/FLUSH (pre-7.0 masters): no dataset effect
    }

    private static void function(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 2);
        Map<String, byte[]> libs = c.dataset.functions();
        if (Args.is(a[1], "LOAD")) {
            requireArgs(a, 3);
            boolean replace = a.length == 4 && Args.is(a[2], "REPLACE");
            byte[] code = a[a.length - 1];
            String name = new FunctionLibrary(code, 0).name();
            if (name == null) {
                throw new CommandException("ERR Library metadata is missing or malformed (no name in the shebang)");
            }
            if (!replace && libs.containsKey(name)) {
                throw new CommandException("ERR Library '" + name + "' already exists");
            }
            libs.put(name, code);
        } else if (Args.is(a[1], "DELETE")) {
            requireArgs(a, 3);
            if (libs.remove(Args.text(a[2])) == null) {
                throw new CommandException("ERR Library not found");
            }
        } else if (Args.is(a[1], "FLUSH")) {
            libs.clear();
        } else if (Args.is(a[1], "RESTORE")) {
            requireArgs(a, 3);
            String policy = a.length > 3 ? Args.text(a[3]).toUpperCase(java.util.Locale.ROOT) : "APPEND";
            List<byte[]> codes;
            try {
                codes = DumpPayload.decodeFunctions(a[2]);
            } catch (IOException e) {
                throw new CommandException("ERR payload version or checksum are wrong: " + e.getMessage());
            }
            List<String> names = new ArrayList<>();
            for (byte[] code : codes) {
                names.add(new FunctionLibrary(code, 0).name());
            }
            switch (policy) {
                case "FLUSH" -> libs.clear();
                case "APPEND" -> {
                    for (String n : names) {
                        if (libs.containsKey(n)) {
                            throw new CommandException("ERR Library " + n + " already exists");
                        }
                    }
                }
                case "REPLACE" -> { }
                default -> throw new CommandException("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
            }
            for (int i = 0; i < codes.size(); i++) {
                libs.put(names.get(i), codes.get(i));
            }
        }
        // FUNCTION LIST/DUMP/STATS/KILL: reads
    }
}
