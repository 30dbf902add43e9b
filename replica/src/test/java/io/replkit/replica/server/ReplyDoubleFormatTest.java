package io.replkit.replica.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Reply doubles follow the master's version: Redis 7.0 prints {@code "%.17g"}, 7.2 prints
 * {@code d2string} (integers plainly within 2^62, else {@code fpconv_dtoa}; the 7.2 strings are
 * the ones FpconvTest holds as fpconv's output).
 */
class ReplyDoubleFormatTest {

    private static String reply(double d, int resp, int major, int minor) {
        ReplicationState state = new ReplicationState();
        if (major > 0) {
            state.masterVersion(major, minor);
        }
        Reply r = new Reply();
        r.doublesLike(state);
        r.resp(resp);
        ByteBuf out = Unpooled.buffer();
        r.target(out);
        r.dbl(d);
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static void prints(String redis70, String redis72, double d) {
        assertEquals("$" + redis70.length() + "\r\n" + redis70 + "\r\n", reply(d, 2, 7, 0), "7.0 RESP2 " + d);
        assertEquals("," + redis70 + "\r\n", reply(d, 3, 7, 0), "7.0 RESP3 " + d);
        assertEquals("$" + redis72.length() + "\r\n" + redis72 + "\r\n", reply(d, 2, 7, 2), "7.2 RESP2 " + d);
        assertEquals("," + redis72 + "\r\n", reply(d, 3, 7, 2), "7.2 RESP3 " + d);
    }

    @Test
    void fractionsLose70sSeventeenDigitNoiseFromRedis72On() {
        prints("0.10000000000000001", "0.1", 0.1);
        prints("-1.0000000000000001e-05", "-0.00001", -1e-5);
        prints("0.30000000000000004", "0.30000000000000004", 0.30000000000000004);
        prints("3.1415899999999999", "3.14159", 3.14159);
        prints("1234567.125", "1234567.125", 1234567.125);
        prints("1.2345e-06", "1.2345e-6", 0.0000012345);
    }

    @Test
    void integersPrintPlainlyUpTo2Pow62From72On() {
        prints("1", "1", 1);
        prints("-0", "-0", -0.0);
        prints("0", "0", 0.0);
        prints("1e+17", "100000000000000000", 1e17);
        prints("4.6116860184273879e+18", "4611686018427387904", 4611686018427387904.0);
        prints("1e+19", "1e+19", 1e19);
        prints("9007199254740992", "9007199254740992", 9007199254740992.0);
    }

    @Test
    void extremesAndInfinities() {
        prints("inf", "inf", Double.POSITIVE_INFINITY);
        prints("-inf", "-inf", Double.NEGATIVE_INFINITY);
        prints("1.5000000000000001e+300", "1.5e+300", 1.5e300);
        prints("1.7976931348623157e+308", "1.7976931348623157e+308", Double.MAX_VALUE);
        prints("4.9406564584124654e-324", "5e-324", Double.MIN_VALUE);
    }

    @Test
    void anUnknownMasterVersionPrintsLike70() {
        assertEquals("$19\r\n0.10000000000000001\r\n", reply(0.1, 2, 0, 0));
        assertEquals("$19\r\n0.10000000000000001\r\n", reply(0.1, 2, 6, 2));
        assertEquals("$3\r\n0.1\r\n", reply(0.1, 2, 8, 0));
    }
}
