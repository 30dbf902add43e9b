package io.replkit.rdb;

/**
 * A 64-bit module type id ({@code moduleTypeEncodeId}): 9 characters of 6 bits from
 * {@code A-Za-z0-9-_} followed by a 10-bit encoding version.
 */
public record ModuleTypeId(long id) {
    private static final char[] CHARSET =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    public String name() {
        char[] name = new char[9];
        long bits = id >>> 10;
        for (int i = 8; i >= 0; i--) {
            name[i] = CHARSET[(int) (bits & 63)];
            bits >>>= 6;
        }
        return new String(name);
    }

    public int encodingVersion() {
        return (int) (id & 1023);
    }

    @Override
    public String toString() {
        return name() + "/" + encodingVersion();
    }
}
