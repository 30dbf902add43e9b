package io.replkit.rdb.value;

import io.replkit.rdb.DataType;

/**
 * A materialised value: compact lists of byte arrays, in the order the file stores them.
 * Build one with {@link io.replkit.rdb.KeyEntry#value()}; stream large ones with a visitor instead.
 */
public sealed interface RdbValue
    permits StringValue, ListValue, SetValue, ZSetValue, HashValue, StreamValue, ModuleValue {

    DataType type();

    /** Number of elements (1 for strings, entries for streams). */
    long size();
}
