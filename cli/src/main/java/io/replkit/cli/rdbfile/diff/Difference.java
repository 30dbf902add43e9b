package io.replkit.cli.rdbfile.diff;

/**
 * One way two values of a key differ: {@code what} differs (type, expire_ms, encoding, length,
 * element, member, score, value, field_expire_ms, entry, a stream or group attribute), optionally
 * {@code at} a place named by {@code where} (index, member, field, id, group), with A's and B's
 * side. Sides are byte[] (printed binary-safe), numbers, strings, byte[][] (stream entry fields),
 * null (no such attribute, e.g. no expiry) or {@link #ABSENT} (the element exists on one side only).
 */
public record Difference(String what, String where, Object at, Object a, Object b) {

    /** The element is missing on this side. */
    public static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "absent";
        }
    };

    /** The element exists on this side but has nothing more to show (a set member). */
    public static final Object PRESENT = new Object() {
        @Override
        public String toString() {
            return "present";
        }
    };

    public static Difference of(String what, Object a, Object b) {
        return new Difference(what, null, null, a, b);
    }

    /** "a" or "b" when the element exists on one side only, else null. */
    public String onlyIn() {
        if (b == ABSENT) {
            return "a";
        }
        return a == ABSENT ? "b" : null;
    }
}
