package io.replkit.cli.rdbfile;

import io.replkit.rdb.AuxField;
import io.replkit.rdb.write.RdbTarget;
import io.replkit.rdb.write.RdbWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The header and AUX fields of a rewritten file: redis-ver of the target (the input's own when the
 * version is unchanged), redis-bits, ctime now, then the input's other fields — used-mem, aof-base
 * and, when the output still stands for the same replication history, repl-id / repl-offset /
 * repl-stream-db.
 */
final class Preamble {
    private static final Set<String> REPLACED = Set.of("redis-ver", "redis-bits", "ctime");
    private static final Set<String> REPLICATION = Set.of("repl-id", "repl-offset", "repl-stream-db");

    private Preamble() {
    }

    static void write(RdbWriter w, RdbTarget target, int inputVersion, List<AuxField> inputAux, boolean keepReplication)
        throws IOException {
        w.writeHeader();
        String redisVer = TargetOptions.redisVersion(target);
        String bits = "64";
        for (AuxField a : inputAux) {
            if (a.name().equals("redis-ver") && inputVersion == target.rdbVersion() && target.name().startsWith("RDB ")) {
                redisVer = a.valueAsString();
            } else if (a.name().equals("redis-bits")) {
                bits = a.valueAsString();
            }
        }
        w.writeAux("redis-ver", redisVer);
        w.writeAux("redis-bits", bits);
        w.writeAux("ctime", String.valueOf(System.currentTimeMillis() / 1000));
        for (AuxField a : inputAux) {
            if (REPLACED.contains(a.name()) || (!keepReplication && REPLICATION.contains(a.name()))) {
                continue;
            }
            w.writeAux(a.name().getBytes(StandardCharsets.UTF_8), a.value());
        }
    }
}
