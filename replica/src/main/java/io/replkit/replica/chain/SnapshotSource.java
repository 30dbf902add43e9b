package io.replkit.replica.chain;

import io.replkit.rdb.write.RdbTarget;
import io.replkit.replica.snapshot.DatasetSnapshot;
import io.replkit.replica.snapshot.Snapshotter;
import java.io.IOException;
import java.io.OutputStream;

/** Where a downstream replica's full sync gets its data: the served dataset captured at one exact offset. */
@FunctionalInterface
public interface SnapshotSource {

    /** Captures the served dataset now; the stream goes on being applied meanwhile. */
    Capture capture() throws IOException;

    /** Captures of what start-replica serves, written in the RDB format of {@code target}. */
    static SnapshotSource of(Snapshotter snapshotter, RdbTarget target) {
        return () -> {
            DatasetSnapshot s = snapshotter.capture();
            return new Capture() {
                @Override
                public String replId() {
                    return s.replId();
                }

                @Override
                public long offset() {
                    return s.offset();
                }

                @Override
                public void writeRdb(OutputStream out) throws IOException {
                    s.writeTo(out, target);
                }

                @Override
                public void close() {
                    s.close();
                }
            };
        };
    }

    /**
     * The RDB format a replica of a Redis {@code major.minor} master loads (its own): downstream
     * replicas run the master's version or newer. Unknown releases get the newest format known.
     */
    static RdbTarget targetFor(int major, int minor) {
        if (major <= 0) {
            return RdbTarget.redis("7.0");
        }
        try {
            return RdbTarget.redis(major + "." + minor);
        } catch (IllegalArgumentException unknownRelease) {
            return major < 6 ? RdbTarget.redis("6.2") : RdbTarget.version(RdbTarget.MAX_VERSION);
        }
    }

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
