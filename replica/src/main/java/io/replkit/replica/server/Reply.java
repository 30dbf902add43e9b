package io.replkit.replica.server;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes replies straight into the connection's output buffer, in RESP2 or RESP3 as the client
 * chose with HELLO, downgrading RESP3 types the way Redis does (map &rarr; flat array, set &rarr;
 * array, double &rarr; bulk string, null &rarr; {@code $-1} or {@code *-1}, verbatim &rarr; bulk).
 */
public final class Reply {
    private static final byte[] CRLF = {'\r', '\n'};

    private ByteBuf out;
    private int resp = 2;
    private ReplicationState doublesLike;

    void target(ByteBuf out) {
        this.out = out;
    }

    /** Doubles are printed the way the master's version prints them (7.0 or 7.2+). */
    void doublesLike(ReplicationState replication) {
        this.doublesLike = replication;
    }

    ByteBuf buffer() {
        return out;
    }

    public int resp() {
        return resp;
    }

    void resp(int version) {
        this.resp = version;
    }

    public boolean resp3() {
        return resp == 3;
    }

    public void simple(String s) {
        out.writeByte('+');
        out.writeCharSequence(s, StandardCharsets.ISO_8859_1);
        out.writeBytes(CRLF);
    }

    public void ok() {
        simple("OK");
    }

    /**
     * An error reply; {@code message} starts with its code ("ERR ...", "WRONGTYPE ..."). Client bytes
     * in it travel as ISO-8859-1 chars (one char per byte); line breaks become spaces, as in Redis.
     */
    public void error(String message) {
        out.writeByte('-');
        out.writeCharSequence(message.replace('\r', ' ').replace('\n', ' '), StandardCharsets.ISO_8859_1);
        out.writeBytes(CRLF);
    }

    public void integer(long v) {
        out.writeByte(':');
        writeLong(v);
        out.writeBytes(CRLF);
    }

    public void bulk(byte[] b) {
        bulk(b, 0, b.length);
    }

    public void bulk(byte[] b, int off, int len) {
        out.writeByte('$');
        writeLong(len);
        out.writeBytes(CRLF);
        out.writeBytes(b, off, len);
        out.writeBytes(CRLF);
    }

    public void bulk(String s) {
        bulk(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk string holding the decimal form of {@code v}. */
    public void bulkLong(long v) {
        bulk(Long.toString(v));
    }

    /** A string value as stored in a {@code Db}: {@code byte[]} or {@code Long}. */
    public void bulkValue(Object v) {
        if (v instanceof byte[] b) {
            bulk(b);
        } else {
            bulkLong((Long) v);
        }
    }

    /** RESP2 {@code $-1}, RESP3 {@code _}. */
    public void nullBulk() {
        if (resp == 3) {
            out.writeBytes(NULL3);
        } else {
            out.writeBytes(NULL_BULK);
        }
    }

    /** RESP2 {@code *-1}, RESP3 {@code _}. */
    public void nullArray() {
        if (resp == 3) {
            out.writeBytes(NULL3);
        } else {
            out.writeBytes(NULL_ARRAY);
        }
    }

    private static final byte[] NULL3 = {'_', '\r', '\n'};
    private static final byte[] NULL_BULK = {'$', '-', '1', '\r', '\n'};
    private static final byte[] NULL_ARRAY = {'*', '-', '1', '\r', '\n'};

    public void array(long n) {
        header('*', n);
    }

    /** A map of {@code n} pairs: RESP3 {@code %n}, RESP2 an array of 2n. */
    public void map(long n) {
        if (resp == 3) {
            header('%', n);
        } else {
            header('*', 2 * n);
        }
    }

    /** An out-of-band push ({@code >n} in RESP3, an array in RESP2): subscribe confirmations. */
    public void push(long n) {
        header(resp == 3 ? '>' : '*', n);
    }

    /** A set: RESP3 {@code ~n}, RESP2 an array. */
    public void set(long n) {
        header(resp == 3 ? '~' : '*', n);
    }

    private void header(char type, long n) {
        out.writeByte(type);
        writeLong(n);
        out.writeBytes(CRLF);
    }

    /**
     * {@code addReplyDouble}: a RESP3 double, or in RESP2 a bulk string, printed with "%.17g" (Redis
     * 7.0) or with 7.2's {@code d2string} when the master is 7.2 or later.
     */
    public void dbl(double d) {
        String s = doublesLike != null && doublesLike.fpconvDoubles() ? RedisDoubles.d2string72(d) : RedisDoubles.g17(d);
        if (resp == 3) {
            out.writeByte(',');
            out.writeCharSequence(s, StandardCharsets.US_ASCII);
            out.writeBytes(CRLF);
        } else {
            bulk(s);
        }
    }

    /** {@code addReplyHumanLongDouble}: a bulk string in RESP2, a double in RESP3, same digits. */
    public void humanDouble(String digits) {
        if (resp == 3) {
            out.writeByte(',');
            out.writeCharSequence(digits, StandardCharsets.US_ASCII);
            out.writeBytes(CRLF);
        } else {
            bulk(digits);
        }
    }

    /** RESP3 {@code #t}/{@code #f}, RESP2 {@code :1}/{@code :0}. */
    public void bool(boolean b) {
        if (resp == 3) {
            out.writeBytes(b ? TRUE3 : FALSE3);
        } else {
            integer(b ? 1 : 0);
        }
    }

    private static final byte[] TRUE3 = {'#', 't', '\r', '\n'};
    private static final byte[] FALSE3 = {'#', 'f', '\r', '\n'};

    /** A verbatim "txt" string in RESP3, a bulk string in RESP2 (INFO, CLIENT INFO/LIST). */
    public void verbatim(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (resp == 3) {
            out.writeByte('=');
            writeLong(b.length + 4);
            out.writeBytes(CRLF);
            out.writeBytes(TXT);
            out.writeBytes(b);
            out.writeBytes(CRLF);
        } else {
            bulk(b);
        }
    }

    private static final byte[] TXT = {'t', 'x', 't', ':'};

    private void writeLong(long v) {
        if (v >= 0 && v < 10) {
            out.writeByte('0' + (int) v);
        } else {
            out.writeCharSequence(Long.toString(v), StandardCharsets.US_ASCII);
        }
    }
}
