package io.replkit.rdb;

/** SELECTDB: the keys that follow belong to this database. */
public record SelectDb(int db, long offset) implements RdbRecord {
}
