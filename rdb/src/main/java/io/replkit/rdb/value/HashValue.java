package io.replkit.rdb.value;

import io.replkit.rdb.DataType;
import java.util.List;

/** Hash fields in stored order; {@code expireAtMs} is -1 for fields without a TTL. */
public record HashValue(List<Field> fields) implements RdbValue {

    public record Field(byte[] field, byte[] value, long expireAtMs) {
        public boolean hasExpiry() {
            return expireAtMs >= 0;
        }
    }

    @Override
    public DataType type() {
        return DataType.HASH;
    }

    @Override
    public long size() {
        return fields.size();
    }
}
