package io.replkit.rdb;

/**
 * EOF and the trailer. {@code checksum} is the stored CRC64 (0 = the writer disabled it);
 * {@code computed} what the reader computed over the file.
 */
public record RdbEnd(ChecksumStatus status, long checksum, long computed, long offset) implements RdbRecord {

    public enum ChecksumStatus {
        /** The stored checksum matched. */
        VERIFIED,
        /** The writer stored 0 (rdbchecksum no). */
        DISABLED,
        /** RDB versions before 5 have no trailer. */
        ABSENT
    }
}
