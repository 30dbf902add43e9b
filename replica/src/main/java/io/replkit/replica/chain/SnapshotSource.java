package io.replkit.replica.chain;

import java.io.IOException;
import java.io.OutputStream;

/** Where a downstream replica's full sync gets its data: the served dataset captured at one exact offset. */
@FunctionalInterface
public interface SnapshotSource {

    /** Captures the served dataset now; the stream goes on being applied meanwhile. */
    Capture capture() throws IOException;

    /** One capture: the master's id and offset it reflects, written once as an RDB. */
    interface Capture extends AutoCloseable {
        String replId();

        /** The master offset the data reflects: the stream continues at {@code offset() + 1}. */
        long offset();

        /** Writes the captured data as an RDB file a replica of the master's version loads. */
        void writeRdb(OutputStream out) throws IOException;

        @Override
        void close();
    }
}
