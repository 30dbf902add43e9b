package io.replkit.rdb;

/** Opcode bytes that are not value types ({@code RDB_OPCODE_*} in rdb.h), with the RDB version that introduced each. */
public enum RdbOpcode {
    /** Redis 7.4 cluster mode: a resize hint before the keys of a slot. */
    SLOT_INFO(0xF4, 12),
    FUNCTION2(0xF5, 10),
    /** Redis 7.0 release candidates only; Redis itself refuses it. */
    FUNCTION_PRE_GA(0xF6, 10),
    MODULE_AUX(0xF7, 9),
    IDLE(0xF8, 9),
    FREQ(0xF9, 9),
    AUX(0xFA, 7),
    RESIZEDB(0xFB, 7),
    EXPIRETIME_MS(0xFC, 3),
    EXPIRETIME(0xFD, 1),
    SELECTDB(0xFE, 1),
    EOF(0xFF, 1);

    private static final RdbOpcode[] BY_CODE = new RdbOpcode[256];

    static {
        for (RdbOpcode op : values()) {
            BY_CODE[op.code] = op;
        }
    }

    private final int code;
    private final int sinceVersion;

    RdbOpcode(int code, int sinceVersion) {
        this.code = code;
        this.sinceVersion = sinceVersion;
    }

    public int code() {
        return code;
    }

    public int sinceVersion() {
        return sinceVersion;
    }

    /** The opcode for a byte, or null when the byte is a value type (or unknown). */
    public static RdbOpcode of(int code) {
        return BY_CODE[code & 0xFF];
    }
}
