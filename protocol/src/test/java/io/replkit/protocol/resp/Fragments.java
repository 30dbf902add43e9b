package io.replkit.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Feeds a decoder its input in chunks of a given size, from a buffer whose reader index is not 0. */
final class Fragments {

    static final int[] CHUNK_SIZES = {1, 2, 3, 5, 100, Integer.MAX_VALUE};

    /** What came out, and {@code consumedBytes()} right after each one. */
    record Decoded<T>(List<T> values, List<Long> consumed, int leftOver) {
    }

    interface Step<T> {
        T decode(ByteBuf in) throws RespProtocolException;
    }

    static <T> Decoded<T> feed(byte[] input, int chunk, Step<T> decoder, java.util.function.LongSupplier consumed)
            throws RespProtocolException {
        ByteBuf buf = Unpooled.buffer(16);
        buf.writeBytes("junk".getBytes(StandardCharsets.US_ASCII));
        buf.readerIndex(4); // a non-zero reader index
        List<T> values = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        int fed = 0;
        int rounds = 0;
        while (fed < input.length) {
            int n = (int) Math.min(chunk, (long) input.length - fed);
            buf.writeBytes(input, fed, n);
            fed += n;
            T v;
            while ((v = decoder.decode(buf)) != null) {
                values.add(v);
                offsets.add(consumed.getAsLong());
            }
            if (++rounds % 7 == 0) {
                buf.discardReadBytes(); // like a connection compacting its input buffer
            }
        }
        int left = buf.readableBytes();
        buf.release();
        return new Decoded<>(values, offsets, left);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private Fragments() {
    }
}
