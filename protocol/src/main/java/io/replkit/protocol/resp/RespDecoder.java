package io.replkit.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.replkit.protocol.resp.RespValue.Entry;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental RESP2/RESP3 decoder: feed it whatever bytes have arrived, get back each complete
 * value. Any split of the input gives the same values.
 *
 * <p>It consumes input as it goes: a header line once the whole line is there, the body of a bulk
 * string in whatever pieces arrive (growing one array with the bytes, never sized by the declared
 * length before the bytes exist), aggregates element by element on an explicit stack bounded by
 * {@link RespLimits#maxDepth()}. So the caller's buffer never has to hold a whole big value.
 *
 * <p>{@link #consumedBytes()} is the number of bytes consumed up to and including the end of the
 * last complete top-level value; a value started but not complete is not counted.
 *
 * <p>Malformed input raises {@link RespProtocolException} with the absolute offset; the decoder
 * then forgets the partial value (the input stays where the error was found, and
 * {@link #consumedBytes()} is unchanged). Callers normally close the connection.
 *
 * <p>Not thread-safe: one decoder per connection.
 */
public final class RespDecoder {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte NONE = 0;
    /** Stack marker: the value that follows an attribute map. */
    private static final byte ATTRIBUTED = 'A';

    private final RespLimits limits;
    private final DecimalParser numbers = new DecimalParser();

    private long position;
    private long consumed;
    private RespValue ready;

    private boolean skipKeepalives;

    private Frame[] stack = new Frame[4];
    private int depth;

    private byte bulkType = NONE;
    private final BulkBody body = new BulkBody();

    public RespDecoder() {
        this(RespLimits.DEFAULT);
    }

    public RespDecoder(RespLimits limits) {
        this.limits = limits;
    }

    public RespLimits limits() {
        return limits;
    }

    /**
     * Whether a bare LF (or CRLF) where a top-level value would start is skipped instead of being
     * an error. A Redis master sends such newlines to a replica as keepalives while it prepares the
     * snapshot, before the {@code +FULLRESYNC} reply and before the payload. Skipped bytes count in
     * {@link #consumedBytes()}. Off by default.
     */
    public RespDecoder skipKeepaliveNewlines(boolean skip) {
        this.skipKeepalives = skip;
        return this;
    }

    /**
     * The next complete value, or null when {@code in} ends before one is complete (call again
     * with more bytes appended; what was read so far is kept).
     */
    public RespValue decode(ByteBuf in) throws RespProtocolException {
        try {
            for (;;) {
                ready = null;
                boolean progress = bulkType != NONE ? readBulkBody(in) : readHeader(in);
                if (!progress) {
                    return null;
                }
                if (ready != null) {
                    RespValue top = attach(ready);
                    ready = null;
                    if (top != null) {
                        consumed = position;
                        return top;
                    }
                }
            }
        } catch (RespProtocolException e) {
            reset();
            throw e;
        }
    }

    /** Bytes consumed up to the end of the last complete top-level value. */
    public long consumedBytes() {
        return consumed;
    }

    /** Whether part of a value has been consumed but the value is not complete yet. */
    public boolean inProgress() {
        return depth > 0 || bulkType != NONE;
    }

    /** Forgets any partial value (its consumed bytes stay uncounted in {@link #consumedBytes()}). */
    public void reset() {
        Arrays.fill(stack, 0, depth, null);
        depth = 0;
        bulkType = NONE;
        body.reset();
        ready = null;
    }

    // --- state: at the start of a value: its header line ---

    private boolean readHeader(ByteBuf in) throws RespProtocolException {
        int ri = in.readerIndex();
        int readable = in.readableBytes();
        if (readable == 0) {
            return false;
        }
        byte type = in.getByte(ri);
        if (skipKeepalives && depth == 0 && (type == LF || type == CR)) {
            return skipNewline(in, type);
        }
        if (!isType(type)) {
            throw new RespProtocolException("unknown type byte " + describe(type), position,
                    "one of + - : $ * _ # , ( ! = % ~ > |");
        }
        int window = (int) Math.min(readable, limits.maxLineLength() + 3L);
        int lf = in.indexOf(ri, ri + window, LF);
        if (lf < 0) {
            if (readable >= limits.maxLineLength() + 3L) {
                throw new RespProtocolException("header line longer than " + limits.maxLineLength() + " bytes",
                        position, "CRLF");
            }
            return false;
        }
        if (lf < ri + 2 || in.getByte(lf - 1) != CR) {
            throw new RespProtocolException("LF without CR", position + (lf - ri), "CRLF");
        }
        int from = ri + 1;
        int len = lf - 1 - from;
        long textOffset = position + 1;
        switch (type) {
            case '+' -> ready = new RespValue.SimpleString(in.toString(from, len, StandardCharsets.UTF_8));
            case '-' -> ready = new RespValue.ErrorReply(in.toString(from, len, StandardCharsets.UTF_8), false);
            case ':' -> {
                if (!numbers.parse(in, from, len)) {
                    throw new RespProtocolException("bad integer " + DecimalParser.shown(in, from, len), textOffset,
                            "an integer and CRLF");
                }
                ready = new RespValue.Int(numbers.value());
            }
            case '$', '!', '=' -> startBulk(type, length(in, from, len, textOffset, type == '$'), textOffset);
            case '*', '~', '>', '%', '|' -> startAggregate(type, length(in, from, len, textOffset, type == '*'),
                    position);
            case '_' -> {
                if (len != 0) {
                    throw new RespProtocolException("null with text " + DecimalParser.shown(in, from, len),
                            textOffset, "CRLF right after '_'");
                }
                ready = RespValue.NULL;
            }
            case '#' -> {
                byte b = len == 1 ? in.getByte(from) : 0;
                if (b != 't' && b != 'f') {
                    throw new RespProtocolException("bad boolean " + DecimalParser.shown(in, from, len), textOffset,
                            "t or f and CRLF");
                }
                ready = new RespValue.Bool(b == 't');
            }
            case ',' -> ready = new RespValue.DoubleValue(parseDouble(DecimalParser.ascii(in, from, len), textOffset));
            case '(' -> ready = new RespValue.BigNumber(parseBigNumber(DecimalParser.ascii(in, from, len), textOffset));
            default -> throw new IllegalStateException("unreachable: " + (char) type);
        }
        in.readerIndex(lf + 1);
        position += lf + 1 - ri;
        return true;
    }

    private boolean skipNewline(ByteBuf in, byte type) throws RespProtocolException {
        int n = 1;
        if (type == CR) {
            if (in.readableBytes() < 2) {
                return false;
            }
            if (in.getByte(in.readerIndex() + 1) != LF) {
                throw new RespProtocolException("CR without LF", position, "CRLF");
            }
            n = 2;
        }
        in.skipBytes(n);
        position += n;
        consumed = position;
        return true;
    }

    /** The length on a header line; -1 only where it means null ({@code $-1}, {@code *-1}). */
    private long length(ByteBuf in, int from, int len, long textOffset, boolean nullable) throws RespProtocolException {
        if (!numbers.parse(in, from, len)) {
            throw new RespProtocolException("bad length " + DecimalParser.shown(in, from, len), textOffset,
                    "digits and CRLF");
        }
        long n = numbers.value();
        if (n < 0 && !(n == -1 && nullable)) {
            throw new RespProtocolException("negative length " + n, textOffset,
                    nullable ? "a length of 0 or more, or -1 for null" : "a length of 0 or more");
        }
        return n;
    }

    private void startBulk(byte type, long length, long textOffset) throws RespProtocolException {
        if (length == -1) {
            ready = RespValue.NULL_BULK;
            return;
        }
        if (length > limits.maxBulkLength()) {
            throw new RespProtocolException("bulk length " + length + " exceeds the limit of "
                    + limits.maxBulkLength() + " bytes", textOffset, null);
        }
        if (type == '=' && length < 4) {
            throw new RespProtocolException("verbatim string of " + length + " bytes", textOffset,
                    "at least 4 bytes (a format like 'txt:')");
        }
        bulkType = type;
        body.start((int) length);
    }

    private void startAggregate(byte type, long count, long headerOffset) throws RespProtocolException {
        if (count == -1) {
            ready = RespValue.NULL_ARRAY;
            return;
        }
        if (count > limits.maxAggregateLength()) {
            throw new RespProtocolException("aggregate of " + count + " elements exceeds the limit of "
                    + limits.maxAggregateLength(), headerOffset + 1, null);
        }
        int n = (int) count;
        if (n == 0 && type != '|') {
            ready = emptyAggregate(type);
            return;
        }
        if (depth >= limits.maxDepth()) {
            throw new RespProtocolException("aggregate nested deeper than " + limits.maxDepth() + " levels",
                    headerOffset, "at most " + limits.maxDepth() + " nested aggregates");
        }
        if (type == '|' && n == 0) {
            push(ATTRIBUTED, 1).attributes = List.of();
        } else {
            push(type, type == '%' || type == '|' ? 2 * n : n);
        }
    }

    private Frame push(byte type, int expected) {
        if (depth == stack.length) {
            stack = Arrays.copyOf(stack, Math.min(stack.length * 2, limits.maxDepth()));
        }
        Frame f = new Frame(type, expected);
        stack[depth++] = f;
        return f;
    }

    // --- state: inside the body of a bulk string, blob error or verbatim string ---

    private boolean readBulkBody(ByteBuf in) throws RespProtocolException {
        int n = body.read(in, position);
        position += n;
        if (!body.complete()) {
            return false; // it consumed all it could
        }
        byte type = bulkType;
        bulkType = NONE;
        byte[] data = body.take();
        ready = switch (type) {
            case '$' -> new RespValue.BulkString(data);
            case '!' -> new RespValue.ErrorReply(new String(data, StandardCharsets.UTF_8), true);
            default -> verbatim(data);
        };
        return true;
    }

    private RespValue verbatim(byte[] data) throws RespProtocolException {
        if (data[3] != ':') {
            throw new RespProtocolException("verbatim string without a format prefix", position - data.length - 2,
                    "a three-letter format and ':' (like 'txt:')");
        }
        String format = new String(data, 0, 3, StandardCharsets.US_ASCII);
        try {
            return new RespValue.Verbatim(format, Arrays.copyOfRange(data, 4, data.length));
        } catch (IllegalArgumentException e) {
            throw new RespProtocolException("verbatim format " + Printable.bytes(data, 0, 3),
                    position - data.length - 2, "three ASCII characters");
        }
    }

    // --- aggregation ---

    /** Adds a complete value to the innermost open aggregate; returns the top-level value when done. */
    private RespValue attach(RespValue v) {
        while (depth > 0) {
            Frame f = stack[depth - 1];
            f.items.add(v);
            if (f.items.size() < f.expected) {
                return null;
            }
            stack[--depth] = null;
            if (f.type == '|') {
                // the attribute map is complete; it now waits for the value it describes
                push(ATTRIBUTED, 1).attributes = entries(f.items);
                return null;
            }
            v = f.build();
        }
        return v;
    }

    private static RespValue emptyAggregate(byte type) {
        return switch (type) {
            case '*' -> new RespValue.Array(List.of());
            case '~' -> new RespValue.SetValue(List.of());
            case '>' -> new RespValue.Push(List.of());
            case '%' -> new RespValue.MapValue(List.of());
            default -> throw new IllegalStateException("unreachable: " + (char) type);
        };
    }

    private static List<Entry> entries(List<RespValue> flat) {
        List<Entry> entries = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i < flat.size(); i += 2) {
            entries.add(new Entry(flat.get(i), flat.get(i + 1)));
        }
        return entries;
    }

    private static final class Frame {
        final byte type;
        final int expected;
        final List<RespValue> items;
        List<Entry> attributes;

        Frame(byte type, int expected) {
            this.type = type;
            this.expected = expected;
            // never sized by a count read from the wire beyond a small start
            this.items = new ArrayList<>(Math.min(expected, 16));
        }

        RespValue build() {
            return switch (type) {
                case '*' -> new RespValue.Array(items);
                case '~' -> new RespValue.SetValue(items);
                case '>' -> new RespValue.Push(items);
                case '%' -> new RespValue.MapValue(entries(items));
                case ATTRIBUTED -> {
                    RespValue value = items.get(0);
                    if (value instanceof RespValue.Attribute inner) {
                        // attributes in a row describe the same value
                        List<Entry> all = new ArrayList<>(attributes);
                        all.addAll(inner.attributes());
                        yield new RespValue.Attribute(all, inner.value());
                    }
                    yield new RespValue.Attribute(attributes, value);
                }
                default -> throw new IllegalStateException("unreachable: " + (char) type);
            };
        }
    }

    // --- scalars ---

    private static double parseDouble(String s, long offset) throws RespProtocolException {
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "+inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan", "-nan" -> {
                return Double.NaN;
            }
            default -> {
                // Java also accepts "Infinity", hex and a 'd' suffix: allow only what RESP3 means
                boolean digit = false;
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c >= '0' && c <= '9') {
                        digit = true;
                    } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                        digit = false;
                        break;
                    }
                }
                if (digit) {
                    try {
                        return Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        // fall through to the error
                    }
                }
                throw new RespProtocolException("bad double " + quote(s), offset, "a decimal number, inf, -inf or nan");
            }
        }
    }

    private static BigInteger parseBigNumber(String s, long offset) throws RespProtocolException {
        int start = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
        boolean ok = s.length() > start;
        for (int i = start; i < s.length() && ok; i++) {
            char c = s.charAt(i);
            ok = c >= '0' && c <= '9';
        }
        if (!ok) {
            throw new RespProtocolException("bad big number " + quote(s), offset, "digits and CRLF");
        }
        return new BigInteger(s);
    }

    private static String quote(String s) {
        String q = Printable.text(s);
        return "'" + q.substring(1, q.length() - 1).replace("'", "\\'") + "'";
    }

    static boolean isType(byte b) {
        return switch (b) {
            case '+', '-', ':', '$', '*', '_', '#', ',', '(', '!', '=', '%', '~', '>', '|' -> true;
            default -> false;
        };
    }

    static String describe(byte b) {
        int c = b & 0xff;
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("0x%02x", c);
    }
}
