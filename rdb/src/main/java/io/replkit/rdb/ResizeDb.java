package io.replkit.rdb;

/** RESIZEDB (since RDB 7): the database's key and expiry counts as the writer announced them. */
public record ResizeDb(long dbSize, long expiresSize, long offset) implements RdbRecord {
}
