package io.replkit.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.replkit.protocol.resp.RespValue.Entry;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes commands and values in RESP. For RESP2 the RESP3-only types are downgraded the way Redis
 * downgrades its replies for a RESP2 client: map to a flat array, set and push to an array, double
 * and big number to a bulk string, boolean to integer 1/0, verbatim string to a bulk string of its
 * text, blob error to a simple error, the RESP3 null to {@code $-1}; attributes are dropped.
 */
public final class RespEncoder {

    private static final short CRLF = ('\r' << 8) | '\n';

    private RespEncoder() {
    }

    /** {@code *n} of bulk strings: the form of every request and of the replication stream. */
    public static void writeCommand(ByteBuf out, byte[]... args) {
        writeHeader(out, '*', args.length);
        for (byte[] a : args) {
            writeBulk(out, a);
        }
    }

    /** {@link #writeCommand(ByteBuf, byte[]...)} with arguments in UTF-8. */
    public static void writeCommand(ByteBuf out, String... args) {
        writeHeader(out, '*', args.length);
        for (String a : args) {
            writeHeader(out, '$', ByteBufUtil.utf8Bytes(a));
            ByteBufUtil.writeUtf8(out, a);
            out.writeShort(CRLF);
        }
    }

    /** {@code $len\r\nbytes\r\n}. */
    public static void writeBulk(ByteBuf out, byte[] b) {
        writeHeader(out, '$', b.length);
        out.writeBytes(b);
        out.writeShort(CRLF);
    }

    /**
     * Writes {@code value} for a client speaking {@code protocolVersion} (2 or 3).
     *
     * @throws IllegalArgumentException for another protocol version, or a simple string or error
     *                                  that contains CR or LF (which cannot be framed)
     */
    public static void write(ByteBuf out, RespValue value, int protocolVersion) {
        if (protocolVersion != 2 && protocolVersion != 3) {
            throw new IllegalArgumentException("RESP protocol version 2 or 3, not " + protocolVersion);
        }
        writeValue(out, value, protocolVersion == 3);
    }

    private static void writeValue(ByteBuf out, RespValue value, boolean resp3) {
        // Java 17 has no pattern switch; the order follows how often each type occurs
        if (value instanceof RespValue.BulkString b) {
            writeBulk(out, b.bytes());
        } else if (value instanceof RespValue.Array a) {
            writeAggregate(out, '*', a.items(), resp3);
        } else if (value instanceof RespValue.SimpleString s) {
            writeLine(out, '+', s.value());
        } else if (value instanceof RespValue.Int i) {
            writeHeader(out, ':', i.value());
        } else if (value instanceof RespValue.ErrorReply e) {
            if (resp3 && e.blob()) {
                writeBulkOf(out, '!', e.message().getBytes(StandardCharsets.UTF_8));
            } else if (e.blob()) {
                writeLine(out, '-', e.message().replace('\r', ' ').replace('\n', ' '));
            } else {
                writeLine(out, '-', e.message());
            }
        } else if (value instanceof RespValue.Null n) {
            if (resp3) {
                out.writeByte('_');
                out.writeShort(CRLF);
            } else {
                writeHeader(out, n.kind() == RespValue.Null.Kind.ARRAY ? '*' : '$', -1);
            }
        } else if (value instanceof RespValue.MapValue m) {
            writeHeader(out, resp3 ? '%' : '*', resp3 ? m.entries().size() : 2L * m.entries().size());
            writeEntries(out, m.entries(), resp3);
        } else if (value instanceof RespValue.SetValue s) {
            writeAggregate(out, resp3 ? '~' : '*', s.items(), resp3);
        } else if (value instanceof RespValue.Push p) {
            writeAggregate(out, resp3 ? '>' : '*', p.items(), resp3);
        } else if (value instanceof RespValue.Attribute a) {
            if (resp3) {
                writeHeader(out, '|', a.attributes().size());
                writeEntries(out, a.attributes(), true);
            }
            writeValue(out, a.value(), resp3);
        } else if (value instanceof RespValue.DoubleValue d) {
            writeNumberText(out, ',', formatDouble(d.value()), resp3);
        } else if (value instanceof RespValue.BigNumber b) {
            writeNumberText(out, '(', b.value().toString(), resp3);
        } else if (value instanceof RespValue.Bool b) {
            if (resp3) {
                out.writeByte('#');
                out.writeByte(b.value() ? 't' : 'f');
                out.writeShort(CRLF);
            } else {
                writeHeader(out, ':', b.value() ? 1 : 0);
            }
        } else if (value instanceof RespValue.Verbatim v) {
            if (resp3) {
                writeHeader(out, '=', v.bytes().length + 4L);
                out.writeCharSequence(v.format(), StandardCharsets.US_ASCII);
                out.writeByte(':');
                out.writeBytes(v.bytes());
                out.writeShort(CRLF);
            } else {
                writeBulk(out, v.bytes());
            }
        } else {
            throw new IllegalStateException("unknown RESP value " + value);
        }
    }

    /** RESP3 writes doubles and big numbers as their own types; RESP2 as bulk strings of the text. */
    private static void writeNumberText(ByteBuf out, char type, String text, boolean resp3) {
        if (resp3) {
            writeLine(out, type, text);
        } else {
            writeBulk(out, text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void writeAggregate(ByteBuf out, char type, List<RespValue> items, boolean resp3) {
        writeHeader(out, type, items.size());
        for (RespValue v : items) {
            writeValue(out, v, resp3);
        }
    }

    private static void writeEntries(ByteBuf out, List<Entry> entries, boolean resp3) {
        for (Entry e : entries) {
            writeValue(out, e.key(), resp3);
            writeValue(out, e.value(), resp3);
        }
    }

    private static void writeBulkOf(ByteBuf out, char type, byte[] b) {
        writeHeader(out, type, b.length);
        out.writeBytes(b);
        out.writeShort(CRLF);
    }

    private static void writeLine(ByteBuf out, char type, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("a RESP '" + type + "' line cannot contain CR or LF: "
                        + Printable.text(text));
            }
        }
        out.writeByte(type);
        ByteBufUtil.writeUtf8(out, text);
        out.writeShort(CRLF);
    }

    /** {@code <type><decimal>\r\n} without building a String. */
    static void writeHeader(ByteBuf out, char type, long n) {
        out.writeByte(type);
        writeDecimal(out, n);
        out.writeShort(CRLF);
    }

    static void writeDecimal(ByteBuf out, long n) {
        if (n >= 0 && n < 10) {
            out.writeByte('0' + (int) n);
            return;
        }
        if (n == Long.MIN_VALUE) {
            out.writeCharSequence(Long.toString(n), StandardCharsets.US_ASCII);
            return;
        }
        boolean negative = n < 0;
        long v = negative ? -n : n;
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int len = digits + (negative ? 1 : 0);
        out.ensureWritable(len);
        int w = out.writerIndex();
        if (negative) {
            out.setByte(w, '-');
        }
        for (int i = w + len - 1; i >= w + (negative ? 1 : 0); i--) {
            out.setByte(i, (int) ('0' + v % 10));
            v /= 10;
        }
        out.writerIndex(w + len);
    }

    /**
     * A double as RESP3 writes it: {@code inf}, {@code -inf}, {@code nan}, integral values without a
     * fraction ({@code 3}), others in the shortest form that reads back exactly ({@code 1.5},
     * {@code 1.0e-10}).
     */
    public static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e17) {
            if (d == 0 && 1 / d < 0) {
                return "-0";
            }
            return Long.toString((long) d);
        }
        return Double.toString(d).replace('E', 'e');
    }
}
