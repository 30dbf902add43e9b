package io.replkit.rdb.value;

import io.replkit.rdb.DataType;

public record StringValue(byte[] bytes) implements RdbValue {
    @Override
    public DataType type() {
        return DataType.STRING;
    }

    @Override
    public long size() {
        return 1;
    }
}
