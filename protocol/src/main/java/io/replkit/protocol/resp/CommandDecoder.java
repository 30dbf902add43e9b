package io.replkit.protocol.resp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fast path for requests and for the replication stream: decodes each command, sent either as
 * a RESP array of bulk strings or as an inline command line, into its arguments as {@code byte[][]}.
 *
 * <p>Inline commands are split as Redis splits them ({@code sdssplitargs}): on spaces, tabs and
 * line ends; {@code "..."} with the escapes {@code \n \r \t \b \a \xHH} and {@code \\}, {@code \"};
 * {@code '...'} with only {@code \'}; a closing quote must be followed by a space or the end of
 * the line. The line ends at LF, with an optional CR before it. An empty line, {@code *0} and
 * {@code *-1} are skipped (their bytes still count in {@link #consumedBytes()}), as Redis does.
 *
 * <p>Input is consumed as it arrives (header lines whole, argument bodies in pieces), so the
 * caller's buffer never has to hold a whole big argument. {@link #consumedBytes()} counts the bytes
 * up to and including the end of the last complete command: exactly the replication offset
 * arithmetic. Bounds come from {@link RespLimits}; malformed input raises {@link RespProtocolException}
 * with the absolute offset, after which the partial command is forgotten.
 *
 * <p>Not thread-safe: one decoder per connection.
 */
public final class CommandDecoder {

    private static final byte LF = '\n';
    private static final byte[][] SKIPPED = new byte[0][];
    /** Arrays of arguments start this small, whatever count the header claims. */
    private static final int FIRST_ARGS = 1024;

    private RespLimits limits;
    private final DecimalParser numbers = new DecimalParser();
    private final BulkBody body = new BulkBody();

    private long position;
    private long consumed;

    private byte[][] args;
    private int argCount;
    private int argIndex;

    public CommandDecoder() {
        this(RespLimits.DEFAULT);
    }

    public CommandDecoder(RespLimits limits) {
        this.limits = limits;
    }

    public RespLimits limits() {
        return limits;
    }

    /**
     * Bounds for the headers read from now on (a server tightens them for clients that have not
     * authenticated yet, as Redis does, and lifts them once they have).
     */
    public void limits(RespLimits next) {
        this.limits = next;
    }

    /** Bytes of the command in progress consumed so far (and held in its arguments): 0 between commands. */
    public long pendingBytes() {
        return position - consumed;
    }

    /**
     * The next complete command's arguments (never empty), or null when {@code in} ends before one
     * is complete (call again with more bytes appended; what was read so far is kept).
     */
    public byte[][] decode(ByteBuf in) throws RespProtocolException {
        try {
            for (;;) {
                if (args == null) {
                    if (!in.isReadable()) {
                        return null;
                    }
                    byte[][] started = in.getByte(in.readerIndex()) == '*' ? readArrayHeader(in) : readInline(in);
                    if (started == null) {
                        return null;
                    }
                    if (started == SKIPPED) {
                        consumed = position;
                        continue;
                    }
                    if (args == null) {
                        consumed = position;
                        return started; // an inline command
                    }
                }
                if (!body.active() && !readArgumentHeader(in)) {
                    return null;
                }
                int n = body.read(in, position);
                position += n;
                if (!body.complete()) {
                    return null;
                }
                if (argIndex == args.length) {
                    args = Arrays.copyOf(args, (int) Math.min(argCount, 2L * args.length));
                }
                args[argIndex++] = body.take();
                if (argIndex == argCount) {
                    byte[][] done = args;
                    args = null;
                    consumed = position;
                    return done;
                }
            }
        } catch (RespProtocolException e) {
            reset();
            throw e;
        }
    }

    /** Bytes consumed up to the end of the last complete command (or skipped empty line). */
    public long consumedBytes() {
        return consumed;
    }

    /** Whether part of a command has been consumed but the command is not complete yet. */
    public boolean inProgress() {
        return args != null;
    }

    /** Forgets any partial command (its consumed bytes stay uncounted in {@link #consumedBytes()}). */
    public void reset() {
        args = null;
        argIndex = 0;
        argCount = 0;
        body.reset();
    }

    /** The index of the LF ending the line at the reader index, or -1 when it has not arrived. */
    private int lineEnd(ByteBuf in, String what) throws RespProtocolException {
        int ri = in.readerIndex();
        int readable = in.readableBytes();
        long max = limits.maxLineLength() + 3L; // type byte, text, CR, LF
        int lf = in.indexOf(ri, (int) (ri + Math.min(readable, max)), LF);
        if (lf < 0 && readable >= max) {
            throw new RespProtocolException(what + " longer than " + limits.maxLineLength() + " bytes", position,
                    "a line end within " + limits.maxLineLength() + " bytes");
        }
        return lf;
    }

    /** {@code *<count>\r\n}: returns a marker that the command started, {@link #SKIPPED}, or null. */
    private byte[][] readArrayHeader(ByteBuf in) throws RespProtocolException {
        int lf = lineEnd(in, "command header");
        if (lf < 0) {
            return null;
        }
        int ri = in.readerIndex();
        long count = headerNumber(in, ri, lf, "bad argument count");
        if (count < -1) {
            throw new RespProtocolException("negative argument count " + count, position + 1,
                    "a count of 0 or more, or -1");
        }
        if (count > limits.maxAggregateLength()) {
            throw new RespProtocolException("command of " + count + " arguments exceeds the limit of "
                    + limits.maxAggregateLength(), position + 1, null);
        }
        consumeLine(in, lf);
        if (count <= 0) {
            return SKIPPED;
        }
        argCount = (int) count;
        argIndex = 0;
        args = new byte[Math.min(argCount, FIRST_ARGS)][];
        return args;
    }

    /** {@code $<length>\r\n} before each argument. */
    private boolean readArgumentHeader(ByteBuf in) throws RespProtocolException {
        int ri = in.readerIndex();
        if (!in.isReadable()) {
            return false;
        }
        byte type = in.getByte(ri);
        if (type != '$') {
            throw new RespProtocolException("type byte " + RespDecoder.describe(type) + " in a command", position,
                    "'$' and a bulk string argument");
        }
        int lf = lineEnd(in, "argument header");
        if (lf < 0) {
            return false;
        }
        long length = headerNumber(in, ri, lf, "bad length");
        if (length < 0) {
            throw new RespProtocolException("negative argument length " + length, position + 1, "a length of 0 or more");
        }
        if (length > limits.maxBulkLength()) {
            throw new RespProtocolException("argument length " + length + " exceeds the limit of "
                    + limits.maxBulkLength() + " bytes", position + 1, null);
        }
        consumeLine(in, lf);
        body.start((int) length);
        return true;
    }

    private long headerNumber(ByteBuf in, int ri, int lf, String problem) throws RespProtocolException {
        if (lf < ri + 2 || in.getByte(lf - 1) != '\r') {
            throw new RespProtocolException("LF without CR", position + (lf - ri), "CRLF");
        }
        int from = ri + 1;
        int len = lf - 1 - from;
        if (!numbers.parse(in, from, len)) {
            throw new RespProtocolException(problem + " " + DecimalParser.shown(in, from, len), position + 1,
                    "digits and CRLF");
        }
        return numbers.value();
    }

    private void consumeLine(ByteBuf in, int lf) {
        int ri = in.readerIndex();
        in.readerIndex(lf + 1);
        position += lf + 1 - ri;
    }

    // --- inline commands ---

    private byte[][] readInline(ByteBuf in) throws RespProtocolException {
        int lf = lineEnd(in, "inline command");
        if (lf < 0) {
            return null;
        }
        int ri = in.readerIndex();
        int end = lf > ri && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        byte[] line = new byte[end - ri];
        in.getBytes(ri, line);
        List<byte[]> split = splitArgs(line, position);
        consumeLine(in, lf);
        return split.isEmpty() ? SKIPPED : split.toArray(new byte[0][]);
    }

    /**
     * Splits an inline command line like Redis's {@code sdssplitargs}.
     *
     * @param lineOffset absolute offset of {@code line[0]}, for the error message
     */
    static List<byte[]> splitArgs(byte[] line, long lineOffset) throws RespProtocolException {
        List<byte[]> out = new ArrayList<>();
        byte[] cur = new byte[line.length];
        int p = 0;
        int n = line.length;
        for (;;) {
            while (p < n && isSpace(line[p])) {
                p++;
            }
            if (p == n || line[p] == 0) {
                return out; // a NUL ends the line, as it ends the C string Redis splits
            }
            int len = 0;
            boolean inDouble = false;
            boolean inSingle = false;
            long quoteOffset = -1;
            for (;;) {
                if (inDouble) {
                    if (p == n || line[p] == 0) {
                        throw new RespProtocolException("unbalanced quotes in an inline command", lineOffset + quoteOffset,
                                "a closing '\"'");
                    }
                    byte c = line[p];
                    if (c == '\\' && p + 3 < n && line[p + 1] == 'x' && isHex(line[p + 2]) && isHex(line[p + 3])) {
                        cur[len++] = (byte) (hex(line[p + 2]) << 4 | hex(line[p + 3]));
                        p += 4;
                        continue;
                    }
                    if (c == '\\' && p + 1 < n) {
                        byte e = line[p + 1];
                        cur[len++] = switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> e;
                        };
                        p += 2;
                        continue;
                    }
                    if (c == '"') {
                        p++;
                        if (p < n && !isSpace(line[p]) && line[p] != 0) {
                            throw new RespProtocolException("closing quote followed by "
                                    + RespDecoder.describe(line[p]) + " in an inline command", lineOffset + p,
                                    "a space or the end of the line after a closing quote");
                        }
                        inDouble = false;
                        break;
                    }
                    cur[len++] = c;
                    p++;
                } else if (inSingle) {
                    if (p == n || line[p] == 0) {
                        throw new RespProtocolException("unbalanced quotes in an inline command", lineOffset + quoteOffset,
                                "a closing \"'\"");
                    }
                    byte c = line[p];
                    if (c == '\\' && p + 1 < n && line[p + 1] == '\'') {
                        cur[len++] = '\'';
                        p += 2;
                        continue;
                    }
                    if (c == '\'') {
                        p++;
                        if (p < n && !isSpace(line[p]) && line[p] != 0) {
                            throw new RespProtocolException("closing quote followed by "
                                    + RespDecoder.describe(line[p]) + " in an inline command", lineOffset + p,
                                    "a space or the end of the line after a closing quote");
                        }
                        inSingle = false;
                        break;
                    }
                    cur[len++] = c;
                    p++;
                } else {
                    if (p == n || endsToken(line[p])) {
                        break;
                    }
                    byte c = line[p];
                    if (c == '"') {
                        inDouble = true;
                        quoteOffset = p;
                    } else if (c == '\'') {
                        inSingle = true;
                        quoteOffset = p;
                    } else {
                        cur[len++] = c;
                    }
                    p++;
                }
            }
            out.add(Arrays.copyOf(cur, len));
        }
    }

    /** Outside quotes a token ends at these (not at \\v or \\f, which only separate tokens). */
    private static boolean endsToken(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == 0;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static int hex(byte b) {
        return b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
    }
}
