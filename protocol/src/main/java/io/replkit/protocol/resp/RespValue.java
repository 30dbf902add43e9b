package io.replkit.protocol.resp;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One RESP2 or RESP3 value, as {@link RespDecoder} produces it and {@link RespEncoder} writes it.
 *
 * <p>Attributes ({@code |}) are not delivered on their own: the decoder attaches them to the value
 * that follows, as {@link Attribute}{@code (attributes, value)}, which takes one place in an
 * enclosing aggregate (an attribute does not count as an element, as the RESP3 spec says).
 *
 * <p>Byte strings compare by content ({@link BulkString#equals}), so values can be compared whole.
 */
public sealed interface RespValue {

    /** RESP2 null bulk string {@code $-1}. */
    Null NULL_BULK = new Null(Null.Kind.BULK);
    /** RESP2 null array {@code *-1}. */
    Null NULL_ARRAY = new Null(Null.Kind.ARRAY);
    /** RESP3 null {@code _}. */
    Null NULL = new Null(Null.Kind.RESP3);

    SimpleString OK = new SimpleString("OK");
    SimpleString PONG = new SimpleString("PONG");

    /** A bulk string of {@code s} in UTF-8. */
    static BulkString bulk(String s) {
        return new BulkString(s.getBytes(StandardCharsets.UTF_8));
    }

    static BulkString bulk(byte[] b) {
        return new BulkString(b);
    }

    /** An array of bulk strings, the form of every request. */
    static Array command(String... args) {
        List<RespValue> items = new ArrayList<>(args.length);
        for (String a : args) {
            items.add(bulk(a));
        }
        return new Array(items);
    }

    static Array array(RespValue... items) {
        return new Array(List.of(items));
    }

    static ErrorReply error(String message) {
        return new ErrorReply(message, false);
    }

    /** Whether this is an error reply (simple {@code -} or blob {@code !}). */
    default boolean isError() {
        return this instanceof ErrorReply;
    }

    /** Whether this is any of the null forms. */
    default boolean isNull() {
        return this instanceof Null;
    }

    /**
     * The text of a string-like value (simple, bulk, verbatim, error message, big number, integer,
     * double, boolean as {@code "1"}/{@code "0"}), bytes decoded as UTF-8; null for nulls.
     *
     * @throws IllegalStateException for aggregates
     */
    default String asString() {
        throw new IllegalStateException("a " + typeName() + " is not a string");
    }

    /**
     * The bytes of a string-like value: a bulk or verbatim string's own bytes, otherwise the UTF-8
     * of {@link #asString()}; null for nulls.
     *
     * @throws IllegalStateException for aggregates
     */
    default byte[] asBytes() {
        String s = asString();
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The integer value of an integer, a boolean (1/0) or a string holding a decimal integer.
     *
     * @throws IllegalStateException when this is none of those
     */
    default long asLong() {
        String s = asString();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("a " + typeName() + " '" + s + "' is not an integer");
        }
    }

    /**
     * The elements of an array, set or push, the flattened key/value pairs of a map; an empty list
     * for a null array.
     *
     * @throws IllegalStateException for scalars
     */
    default List<RespValue> asList() {
        throw new IllegalStateException("a " + typeName() + " is not an aggregate");
    }

    /** A short name of the type, for messages: "simple string", "map", ... */
    String typeName();

    /** {@code +text}. Cannot contain CR or LF. */
    record SimpleString(String value) implements RespValue {
        public SimpleString {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String asString() {
            return value;
        }

        @Override
        public String typeName() {
            return "simple string";
        }
    }

    /**
     * An error reply: simple {@code -CODE message} or, when {@code blob}, a RESP3 blob error
     * {@code !len}.
     */
    record ErrorReply(String message, boolean blob) implements RespValue {
        public ErrorReply {
            Objects.requireNonNull(message, "message");
        }

        /** The first word, e.g. {@code "WRONGPASS"} or {@code "ERR"}. */
        public String code() {
            int sp = message.indexOf(' ');
            return sp < 0 ? message : message.substring(0, sp);
        }

        @Override
        public String asString() {
            return message;
        }

        @Override
        public String typeName() {
            return "error";
        }
    }

    /** {@code :123}. */
    record Int(long value) implements RespValue {
        @Override
        public String asString() {
            return Long.toString(value);
        }

        @Override
        public long asLong() {
            return value;
        }

        @Override
        public String typeName() {
            return "integer";
        }
    }

    /** {@code $len} bytes. Compares by content. */
    record BulkString(byte[] bytes) implements RespValue {
        public BulkString {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public String asString() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** The bytes themselves (not a copy). */
        @Override
        public byte[] asBytes() {
            return bytes;
        }

        @Override
        public String typeName() {
            return "bulk string";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BulkString b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "BulkString[" + Printable.bytes(bytes) + "]";
        }
    }

    /**
     * A null: RESP2's null bulk string ({@code $-1}) and null array ({@code *-1}) stay apart, so a
     * value written back in RESP2 keeps its form; RESP3 has one null ({@code _}).
     */
    record Null(Kind kind) implements RespValue {
        public enum Kind { BULK, ARRAY, RESP3 }

        public Null {
            Objects.requireNonNull(kind, "kind");
        }

        @Override
        public String asString() {
            return null;
        }

        @Override
        public List<RespValue> asList() {
            return List.of();
        }

        @Override
        public String typeName() {
            return "null";
        }
    }

    /** {@code *n} elements. */
    record Array(List<RespValue> items) implements RespValue {
        public Array {
            items = List.copyOf(items);
        }

        @Override
        public List<RespValue> asList() {
            return items;
        }

        @Override
        public String typeName() {
            return "array";
        }
    }

    /** One key/value pair of a map or attribute. */
    record Entry(RespValue key, RespValue value) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** RESP3 {@code %n}: n key/value pairs in wire order (keys may repeat; nothing is merged). */
    record MapValue(List<Entry> entries) implements RespValue {
        public MapValue {
            entries = List.copyOf(entries);
        }

        /** The value of the first entry whose key's text is {@code key}, or null. */
        public RespValue get(String key) {
            for (Entry e : entries) {
                if (!(e.key() instanceof Array || e.key() instanceof MapValue || e.key() instanceof SetValue)
                        && key.equals(e.key().asString())) {
                    return e.value();
                }
            }
            return null;
        }

        @Override
        public List<RespValue> asList() {
            List<RespValue> flat = new ArrayList<>(entries.size() * 2);
            for (Entry e : entries) {
                flat.add(e.key());
                flat.add(e.value());
            }
            return flat;
        }

        @Override
        public String typeName() {
            return "map";
        }
    }

    /** RESP3 {@code ~n}: elements in wire order. */
    record SetValue(List<RespValue> items) implements RespValue {
        public SetValue {
            items = List.copyOf(items);
        }

        @Override
        public List<RespValue> asList() {
            return items;
        }

        @Override
        public String typeName() {
            return "set";
        }
    }

    /** RESP3 {@code >n}: out-of-band data (pub/sub messages, invalidations). */
    record Push(List<RespValue> items) implements RespValue {
        public Push {
            items = List.copyOf(items);
        }

        @Override
        public List<RespValue> asList() {
            return items;
        }

        @Override
        public String typeName() {
            return "push";
        }
    }

    /** RESP3 {@code |n} attributes and the value they describe (see the interface comment). */
    record Attribute(List<Entry> attributes, RespValue value) implements RespValue {
        public Attribute {
            attributes = List.copyOf(attributes);
            Objects.requireNonNull(value, "value");
            if (value instanceof Attribute) {
                throw new IllegalArgumentException("an attribute cannot describe another attribute");
            }
        }

        @Override
        public boolean isError() {
            return value.isError();
        }

        @Override
        public boolean isNull() {
            return value.isNull();
        }

        @Override
        public String asString() {
            return value.asString();
        }

        @Override
        public long asLong() {
            return value.asLong();
        }

        @Override
        public byte[] asBytes() {
            return value.asBytes();
        }

        @Override
        public List<RespValue> asList() {
            return value.asList();
        }

        @Override
        public String typeName() {
            return "attributed " + value.typeName();
        }
    }

    /** RESP3 {@code ,1.5}, including {@code inf}, {@code -inf} and {@code nan}. */
    record DoubleValue(double value) implements RespValue {
        @Override
        public String asString() {
            return RespEncoder.formatDouble(value);
        }

        @Override
        public String typeName() {
            return "double";
        }
    }

    /** RESP3 {@code (12345678901234567890}. */
    record BigNumber(BigInteger value) implements RespValue {
        public BigNumber {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String asString() {
            return value.toString();
        }

        @Override
        public long asLong() {
            return value.longValueExact();
        }

        @Override
        public String typeName() {
            return "big number";
        }
    }

    /** RESP3 {@code #t} / {@code #f}. */
    record Bool(boolean value) implements RespValue {
        @Override
        public String asString() {
            return value ? "1" : "0";
        }

        @Override
        public long asLong() {
            return value ? 1 : 0;
        }

        @Override
        public String typeName() {
            return "boolean";
        }
    }

    /**
     * RESP3 {@code =len} verbatim string: a three-letter format ({@code txt}, {@code mkd}) and the
     * text's bytes (without the {@code "txt:"} prefix). Compares by content.
     */
    record Verbatim(String format, byte[] bytes) implements RespValue {
        public Verbatim {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(bytes, "bytes");
            if (format.length() != 3 || !StandardCharsets.US_ASCII.newEncoder().canEncode(format)) {
                throw new IllegalArgumentException("a verbatim format is three ASCII characters, not '" + format + "'");
            }
        }

        @Override
        public String asString() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** The text's bytes without the format (not a copy). */
        @Override
        public byte[] asBytes() {
            return bytes;
        }

        @Override
        public String typeName() {
            return "verbatim string";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Verbatim v && format.equals(v.format) && Arrays.equals(bytes, v.bytes);
        }

        @Override
        public int hashCode() {
            return 31 * format.hashCode() + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Verbatim[" + format + ":" + Printable.bytes(bytes) + "]";
        }
    }
}
