package io.replkit.rdb.value;

import io.replkit.rdb.DataType;
import io.replkit.rdb.ModuleTypeId;

/** A module value; its payload is skipped, only the module type is kept. */
public record ModuleValue(ModuleTypeId moduleType) implements RdbValue {
    @Override
    public DataType type() {
        return DataType.MODULE;
    }

    @Override
    public long size() {
        return 1;
    }
}
