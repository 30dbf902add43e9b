package io.replkit.replica.apply;

import static io.replkit.replica.apply.KeyCommands.requireArgs;

import io.replkit.replica.data.SetObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Set writes (t_set.c). SPOP arrives as SREM (or DEL) from every master that can send it. */
final class SetCommands {
    private SetCommands() {
    }

    static void register(Map<String, Command> t) {
        t.put("SADD", SetCommands::sadd);
        t.put("SREM", SetCommands::srem);
        t.put("SMOVE", SetCommands::smove);
        t.put("SINTERSTORE", (c, a) -> store(c, a, 'i'));
        t.put("SUNIONSTORE", (c, a) -> store(c, a, 'u'));
        t.put("SDIFFSTORE", (c, a) -> store(c, a, 'd'));
    }

    private static void sadd(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 3);
        SetObject s = c.set(a[1]);
        if (s == null) {
            s = new SetObject(a.length - 2);
            c.db().put(a[1], s);
        }
        for (int i = 2; i < a.length; i++) {
            s.add(a[i]);
        }
    }

    private static void srem(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 3);
        SetObject s = c.set(a[1]);
        if (s == null) {
            return;
        }
        for (int i = 2; i < a.length; i++) {
            s.remove(a[i]);
        }
        c.removeIfEmpty(a[1], s.size());
    }

    private static void smove(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 4);
        SetObject src = c.set(a[1]);
        SetObject dst = c.set(a[2]);
        if (src == null) {
            return;
        }
        if (src == dst) {
            return;
        }
        if (!src.remove(a[3])) {
            return;
        }
        c.removeIfEmpty(a[1], src.size());
        if (dst == null) {
            dst = new SetObject(1);
            c.db().put(a[2], dst);
        }
        dst.add(a[3]);
    }

    private static void store(ApplyContext c, byte[][] a, char op) throws CommandException {
        requireArgs(a, 3);
        List<SetObject> sets = new ArrayList<>();
        for (int i = 2; i < a.length; i++) {
            sets.add(c.set(a[i]));
        }
        SetObject out = new SetObject(0);
        SetObject first = sets.get(0);
        switch (op) {
            case 'i' -> {
                if (sets.stream().noneMatch(s -> s == null) && first != null) {
                    first.forEach(m -> {
                        for (SetObject s : sets) {
                            if (!s.contains(m)) {
                                return;
                            }
                        }
                        out.add(m);
                    });
                }
            }
            case 'u' -> {
                for (SetObject s : sets) {
                    if (s != null) {
                        s.forEach(out::add);
                    }
                }
            }
            default -> {
                if (first != null) {
                    first.forEach(m -> {
                        for (int k = 1; k < sets.size(); k++) {
                            if (sets.get(k) != null && sets.get(k).contains(m)) {
                                return;
                            }
                        }
                        out.add(m);
                    });
                }
            }
        }
        if (out.size() == 0) {
            c.db().remove(a[1]);
        } else {
            c.db().putClearingExpiry(a[1], out);
        }
    }
}
