package io.replkit.rdb;

import io.replkit.rdb.value.StreamId;
import io.replkit.rdb.value.StreamMetadata;

/**
 * Receives a value element by element, so a key with 100 million elements never has to fit in
 * memory. Only the callbacks for the entry's {@link DataType} are invoked, between {@link #begin}
 * and {@link #end}. Byte ranges passed in may point into a reused buffer: copy what you keep.
 */
public interface ValueVisitor {

    /** No expiry: field TTLs use this where Redis stores 0 and Valkey stores -1. */
    long NO_EXPIRY = -1;

    /** Before the value; {@code sizeHint} is the element count when the encoding states it, else -1. */
    default void begin(KeyEntry entry, long sizeHint) {
    }

    default void stringValue(byte[] value) {
    }

    default void listElement(byte[] b, int off, int len) {
    }

    default void setMember(byte[] b, int off, int len) {
    }

    default void zsetMember(byte[] b, int off, int len, double score) {
    }

    /** A hash field; {@code expireAtMs} is the field's absolute expiry or {@link #NO_EXPIRY}. */
    default void hashField(byte[] f, int foff, int flen, byte[] v, int voff, int vlen, long expireAtMs) {
    }

    /** A live stream entry, in id order; {@code fieldsAndValues} alternates field and value. */
    default void streamEntry(StreamId id, byte[][] fieldsAndValues) {
    }

    /** After the entries: length, ids and consumer groups with their PELs. */
    default void streamMetadata(StreamMetadata metadata) {
    }

    /** A module value, which the reader skips: only its type is known. */
    default void moduleValue(ModuleTypeId type) {
    }

    default void end() {
    }
}
