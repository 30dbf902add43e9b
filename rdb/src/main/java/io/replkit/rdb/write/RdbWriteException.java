package io.replkit.rdb.write;

import java.io.IOException;

/**
 * A value or record the target format cannot represent, e.g. {@code key "h1" (db 0): a hash with
 * field TTLs cannot be written to RDB version 11 (needs 12)}. Thrown before any byte of the
 * offending key is written, so a caller may skip the key and go on.
 */
public class RdbWriteException extends IOException {
    private static final long serialVersionUID = 1L;

    public RdbWriteException(String message) {
        super(message);
    }
}
