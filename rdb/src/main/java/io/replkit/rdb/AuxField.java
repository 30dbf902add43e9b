package io.replkit.rdb;

import java.nio.charset.StandardCharsets;

/** An AUX field (since RDB 7): {@code redis-ver}, {@code ctime}, {@code repl-id}, ... Unknown names are kept. */
public record AuxField(String name, byte[] value, long offset) implements RdbRecord {

    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
