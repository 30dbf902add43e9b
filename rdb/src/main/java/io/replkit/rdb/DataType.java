package io.replkit.rdb;

/** The logical type of a value, as Redis's TYPE command names it. */
public enum DataType {
    STRING("string"), LIST("list"), SET("set"), ZSET("zset"), HASH("hash"), STREAM("stream"), MODULE("module");

    private final String typeName;

    DataType(String typeName) {
        this.typeName = typeName;
    }

    /** The name TYPE replies with ({@code module} values reply with their module type name). */
    public String typeName() {
        return typeName;
    }

    /** Parses a TYPE name, case-insensitively; null if unknown. */
    public static DataType ofName(String name) {
        for (DataType t : values()) {
            if (t.typeName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }
}
