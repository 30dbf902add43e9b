package io.replkit.rdb;

/** MODULE_AUX (since RDB 9): a module's global data, skipped by the reader; {@code when} 1 = before keys, 2 = after. */
public record ModuleAux(ModuleTypeId module, long when, long offset) implements RdbRecord {
}
