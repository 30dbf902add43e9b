package io.replkit.rdb.value;

import io.replkit.rdb.DataType;
import java.util.List;

/** Sorted-set members with scores, in stored order. */
public record ZSetValue(List<Entry> entries) implements RdbValue {

    public record Entry(byte[] member, double score) {
    }

    @Override
    public DataType type() {
        return DataType.ZSET;
    }

    @Override
    public long size() {
        return entries.size();
    }
}
