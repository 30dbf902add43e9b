package io.replkit.replica.apply;

import io.replkit.replica.data.Db;
import io.replkit.replica.data.ListObject;
import io.replkit.replica.data.RejectedCommand;
import io.replkit.replica.data.SortQuery;
import java.util.List;
import java.util.Map;

/**
 * SORT … STORE, which masters propagate verbatim: the sort itself is {@link SortQuery}, shared
 * with the server's SORT_RO. Without STORE it changes nothing.
 */
final class SortCommand {
    private SortCommand() {
    }

    static void register(Map<String, Command> t) {
        t.put("SORT", SortCommand::sort);
    }

    private static void sort(ApplyContext c, byte[][] a) throws CommandException {
        KeyCommands.requireArgs(a, 2);
        try {
            SortQuery q = SortQuery.parse(a, false);
            if (q.store() == null) {
                return;
            }
            Db db = c.db();
            List<byte[]> result = q.run(db.get(a[1]), db::get);
            if (result.isEmpty()) {
                db.remove(q.store());
                return;
            }
            ListObject out = new ListObject(result.size());
            for (byte[] v : result) {
                out.addLast(v == null ? new byte[0] : v);
            }
            db.putClearingExpiry(q.store(), out);
        } catch (RejectedCommand e) {
            throw new CommandException(e.getMessage());
        }
    }
}
