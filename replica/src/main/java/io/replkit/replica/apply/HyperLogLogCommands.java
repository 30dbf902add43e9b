package io.replkit.replica.apply;

import static io.replkit.replica.apply.KeyCommands.requireArgs;

import io.replkit.replica.data.Strings;
import io.replkit.replica.hll.HyperLogLog;
import java.util.Map;

/** PFADD, PFMERGE, PFCOUNT (its cache write is propagated) and PFDEBUG TODENSE/GETREG. */
final class HyperLogLogCommands {
    private HyperLogLogCommands() {
    }

    static void register(Map<String, Command> t) {
        t.put("PFADD", HyperLogLogCommands::pfadd);
        t.put("PFMERGE", HyperLogLogCommands::pfmerge);
        t.put("PFCOUNT", HyperLogLogCommands::pfcount);
        t.put("PFDEBUG", HyperLogLogCommands::pfdebug);
    }

    private static HyperLogLog existing(ApplyContext c, byte[] key) throws CommandException {
        Object v = c.string(key);
        if (v == null) {
            return null;
        }
        HyperLogLog h = HyperLogLog.of(Strings.bytes(v), c.options.hllSparseMaxBytes());
        if (h == null) {
            throw new CommandException("WRONGTYPE Key is not a valid HyperLogLog string value.");
        }
        return h;
    }

    private static void pfadd(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 2);
        HyperLogLog h = existing(c, a[1]);
        boolean updated = false;
        if (h == null) {
            h = HyperLogLog.create(c.options.hllSparseMaxBytes());
            updated = true;
        }
        for (int i = 2; i < a.length; i++) {
            updated |= h.add(a[i]);
        }
        if (updated) {
            h.invalidateCache();
            c.db().put(a[1], h.toBytes());
        }
    }

    private static void pfmerge(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 2);
        byte[] max = new byte[HyperLogLog.REGISTERS];
        boolean useDense = false;
        for (int i = 1; i < a.length; i++) {
            HyperLogLog h = existing(c, a[i]);
            if (h == null) {
                continue;
            }
            useDense |= h.encoding() == HyperLogLog.DENSE;
            h.mergeInto(max);
        }
        HyperLogLog dest = existing(c, a[1]);
        if (dest == null) {
            dest = HyperLogLog.create(c.options.hllSparseMaxBytes());
        }
        if (useDense) {
            dest.promote();
        }
        for (int j = 0; j < HyperLogLog.REGISTERS; j++) {
            if (max[j] != 0) {
                dest.set(j, max[j]);
            }
        }
        dest.invalidateCache();
        c.db().put(a[1], dest.toBytes());
    }

    private static void pfcount(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 2);
        if (a.length > 2) {
            return; // the union's count changes nothing
        }
        HyperLogLog h = existing(c, a[1]);
        if (h == null || h.isCacheValid()) {
            return;
        }
        h.countAndCache();
        c.db().put(a[1], h.toBytes());
    }

    private static void pfdebug(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 3);
        if (!Args.is(a[1], "TODENSE") && !Args.is(a[1], "GETREG")) {
            return; // DECODE, ENCODING: reads
        }
        HyperLogLog h = existing(c, a[2]);
        if (h == null) {
            throw new CommandException("ERR The specified key does not exist");
        }
        if (h.encoding() == HyperLogLog.SPARSE) {
            h.promote();
            c.db().put(a[2], h.toBytes());
        }
    }
}
