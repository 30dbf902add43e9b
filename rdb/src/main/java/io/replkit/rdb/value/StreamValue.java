package io.replkit.rdb.value;

import io.replkit.rdb.DataType;
import java.util.List;

public record StreamValue(List<Entry> entries, StreamMetadata metadata) implements RdbValue {

    /** One entry; {@code fieldsAndValues} alternates field and value. */
    public record Entry(StreamId id, byte[][] fieldsAndValues) {
    }

    @Override
    public DataType type() {
        return DataType.STREAM;
    }

    @Override
    public long size() {
        return entries.size();
    }
}
