package io.replkit.rdb;

/**
 * One record of an RDB file, in file order, as returned by {@link RdbReader#next()}.
 * Every record carries the byte offset where it starts.
 */
public sealed interface RdbRecord
    permits RdbHeader, AuxField, SelectDb, ResizeDb, SlotInfo, FunctionLibrary, ModuleAux, KeyEntry, RdbEnd {

    /** Absolute byte offset of the record's first byte. */
    long offset();
}
