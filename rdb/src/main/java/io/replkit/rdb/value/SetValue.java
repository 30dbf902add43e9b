package io.replkit.rdb.value;

import io.replkit.rdb.DataType;
import java.util.List;

/** Set members in stored order (not sorted). */
public record SetValue(List<byte[]> members) implements RdbValue {
    @Override
    public DataType type() {
        return DataType.SET;
    }

    @Override
    public long size() {
        return members.size();
    }
}
