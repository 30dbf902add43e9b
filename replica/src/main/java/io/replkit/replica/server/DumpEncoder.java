package io.replkit.replica.server;

import io.replkit.rdb.write.DumpPayload;
import io.replkit.rdb.write.RdbTarget;
import io.replkit.rdb.write.RdbWriterOptions;
import io.replkit.replica.data.ModuleObject;
import io.replkit.replica.data.RdbValues;
import java.io.IOException;
import java.io.UncheckedIOException;

/** DUMP: a value as the writer's {@link DumpPayload}, in Redis 7.0's format (RDB 10, compressed). */
final class DumpEncoder {
    private DumpEncoder() {
    }

    private static final RdbWriterOptions OPTIONS = RdbWriterOptions.defaults(RdbTarget.redis("7.0"));

    static byte[] dump(Object v) {
        if (v instanceof ModuleObject) {
            throw new ReplyError("ERR DUMP of a module value is not supported by this replica");
        }
        try {
            return DumpPayload.encode(RdbValues.of(v), OPTIONS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
