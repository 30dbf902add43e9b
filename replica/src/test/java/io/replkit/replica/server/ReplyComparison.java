package io.replkit.replica.server;

import io.replkit.protocol.resp.RespValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Compares a real server's reply with the replica's under a {@link ParityCase.Mode}. */
final class ReplyComparison {
    private ReplyComparison() {
    }

    static boolean same(ParityCase.Mode mode, RawRespClient.Raw expected, RawRespClient.Raw actual) {
        return switch (mode) {
            case EXACT -> java.util.Arrays.equals(expected.bytes(), actual.bytes());
            case UNORDERED -> sorted(expected.value()).equals(sorted(actual.value()));
            case TIMING -> close(expected.value(), actual.value());
            case SHAPE -> expected.value().getClass() == actual.value().getClass()
                    && size(expected.value()) == size(actual.value());
        };
    }

    private static int size(RespValue v) {
        try {
            return v.asList().size();
        } catch (IllegalStateException e) {
            return -1;
        }
    }

    /** The value's text with every aggregate's elements (map entries: pairs) sorted, recursively. */
    static String sorted(RespValue v) {
        if (v instanceof RespValue.MapValue m) {
            List<String> parts = new ArrayList<>();
            m.entries().forEach(e -> parts.add(sorted(e.key()) + "=>" + sorted(e.value())));
            parts.sort(Comparator.naturalOrder());
            return "map" + parts;
        }
        if (v instanceof RespValue.Array || v instanceof RespValue.SetValue) {
            List<String> parts = new ArrayList<>();
            v.asList().forEach(x -> parts.add(sorted(x)));
            parts.sort(Comparator.naturalOrder());
            return v.typeName() + parts;
        }
        return v.toString();
    }

    /** Equal but for integers and doubles within 3 seconds' worth of milliseconds. */
    static boolean close(RespValue a, RespValue b) {
        if (a instanceof RespValue.Int x && b instanceof RespValue.Int y) {
            return Math.abs(x.value() - y.value()) <= 3000;
        }
        if (a instanceof RespValue.MapValue x && b instanceof RespValue.MapValue y) {
            if (x.entries().size() != y.entries().size()) {
                return false;
            }
            for (int i = 0; i < x.entries().size(); i++) {
                if (!close(x.entries().get(i).key(), y.entries().get(i).key())
                        || !close(x.entries().get(i).value(), y.entries().get(i).value())) {
                    return false;
                }
            }
            return true;
        }
        if (a.getClass() == b.getClass() && (a instanceof RespValue.Array || a instanceof RespValue.SetValue)) {
            List<RespValue> x = a.asList();
            List<RespValue> y = b.asList();
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!close(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
