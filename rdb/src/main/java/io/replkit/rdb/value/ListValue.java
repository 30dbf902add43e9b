package io.replkit.rdb.value;

import io.replkit.rdb.DataType;
import java.util.List;

public record ListValue(List<byte[]> elements) implements RdbValue {
    @Override
    public DataType type() {
        return DataType.LIST;
    }

    @Override
    public long size() {
        return elements.size();
    }
}
