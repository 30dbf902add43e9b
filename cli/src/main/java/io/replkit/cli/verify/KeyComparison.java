package io.replkit.cli.verify;

import io.replkit.cli.rdbfile.diff.Difference;
import io.replkit.cli.rdbfile.diff.ValueComparison;
import io.replkit.rdb.RdbFormatException;
import io.replkit.rdb.value.ModuleValue;
import io.replkit.rdb.write.DumpPayload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One key on two servers: both DUMP payloads decoded and compared as values (so a listpack and a
 * hashtable with the same fields are equal, as are payloads of different RDB versions), and the
 * TTLs compared within a tolerance (the two PTTLs are taken at nearly the same moment, not the
 * same one). A payload this reader cannot decode is compared byte for byte.
 */
final class KeyComparison {
    private final ValueComparison values;
    private final long ttlToleranceMs;
    private final int maxDetails;

    KeyComparison(int maxDetails, long ttlToleranceMs) {
        this.values = new ValueComparison(false, maxDetails);
        this.ttlToleranceMs = ttlToleranceMs;
        this.maxDetails = maxDetails;
    }

    /** The differences between two existing keys (an equal result when there are none). */
    ValueComparison.Result compare(KeyDumps.Dumped a, KeyDumps.Dumped b) {
        List<Difference> extra = new ArrayList<>(1);
        boolean ttlA = a.pttl() >= 0;
        boolean ttlB = b.pttl() >= 0;
        if (ttlA != ttlB || (ttlA && Math.abs(a.pttl() - b.pttl()) > ttlToleranceMs)) {
            extra.add(Difference.of("ttl_ms", ttlA ? a.pttl() : null, ttlB ? b.pttl() : null));
        }
        ValueComparison.Result content;
        if (Arrays.equals(a.payload(), b.payload())) {
            content = new ValueComparison.Result(List.of(), 0);
        } else {
            content = decodedComparison(a.payload(), b.payload());
        }
        if (extra.isEmpty()) {
            return content;
        }
        List<Difference> shown = new ArrayList<>(extra);
        for (Difference d : content.shown()) {
            if (shown.size() < maxDetails) {
                shown.add(d);
            }
        }
        return new ValueComparison.Result(shown, content.total() + extra.size());
    }

    private ValueComparison.Result decodedComparison(byte[] a, byte[] b) {
        DumpPayload.Decoded da;
        DumpPayload.Decoded db;
        try {
            da = DumpPayload.decodeWithType(a);
            db = DumpPayload.decodeWithType(b);
        } catch (RdbFormatException e) {
            // not decodable here (a module value, a newer format): equal only when the bytes are
            return new ValueComparison.Result(List.of(Difference.of("payload", "undecodable, " + a.length + " bytes",
                e.getMessage() + "; " + b.length + " bytes")), 1);
        }
        if (da.value() instanceof ModuleValue && db.value() instanceof ModuleValue) {
            // the reader does not decode module values: their bytes differ, so they may too
            return new ValueComparison.Result(List.of(Difference.of("module_payload", a.length + " bytes", b.length + " bytes")), 1);
        }
        return values.compare(da.type(), da.value(), db.type(), db.value());
    }
}
