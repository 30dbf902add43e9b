package io.replkit.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Throughput of {@link CommandDecoder} on a synthetic replication stream: what a master sends for
 * {@code SET key:N <value>} with a {@code PING} and a {@code SELECT} now and then, fed in 16 KiB
 * socket-sized chunks into one cumulating buffer as a connection would. Not a test: prints
 * commands/s and MB/s. Never asserts on time.
 *
 * <pre>
 * mvn -B -o -q -pl protocol -am test-compile
 * java -cp protocol/target/classes:protocol/target/test-classes:$(ls ~/.m2/repository/io/netty/netty-buffer/4.1.140.Final/*.jar):$(ls ~/.m2/repository/io/netty/netty-common/4.1.140.Final/*.jar) \
 *   io.replkit.protocol.resp.CommandDecoderBench [VALUE_BYTES] [COMMANDS]
 * </pre>
 */
public final class CommandDecoderBench {

    private CommandDecoderBench() {
    }

    public static void main(String[] args) throws Exception {
        int valueBytes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int commands = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        byte[] stream = stream(valueBytes, commands);
        System.out.printf(Locale.ROOT, "stream: %d commands, %.1f MB, values of %d bytes%n",
            commands, stream.length / 1e6, valueBytes);
        for (int round = 1; round <= 5; round++) {
            long t0 = System.nanoTime();
            long decoded = decodeAll(stream, 16 << 10);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "round %d: %.2f M commands/s, %.0f MB/s%n",
                round, decoded / s / 1e6, stream.length / s / 1e6);
        }
    }

    static byte[] stream(int valueBytes, int commands) {
        ByteBuf out = Unpooled.buffer(commands * (valueBytes + 40));
        byte[] value = new byte[valueBytes];
        java.util.Arrays.fill(value, (byte) 'v');
        byte[] set = "SET".getBytes(StandardCharsets.US_ASCII);
        RespEncoder.writeCommand(out, "SELECT", "0");
        for (int i = 0; i < commands; i++) {
            if (i % 10_000 == 9_999) {
                RespEncoder.writeCommand(out, "PING");
            } else {
                RespEncoder.writeCommand(out, set, ("key:" + i).getBytes(StandardCharsets.US_ASCII), value);
            }
        }
        byte[] b = new byte[out.readableBytes()];
        out.readBytes(b);
        return b;
    }

    static long decodeAll(byte[] stream, int chunk) throws RespProtocolException {
        CommandDecoder d = new CommandDecoder();
        ByteBuf buf = Unpooled.buffer(4 * chunk);
        long n = 0;
        long sink = 0;
        for (int off = 0; off < stream.length; off += chunk) {
            if (buf.writableBytes() < chunk) {
                buf.discardSomeReadBytes();
            }
            buf.writeBytes(stream, off, Math.min(chunk, stream.length - off));
            byte[][] cmd;
            while ((cmd = d.decode(buf)) != null) {
                n++;
                sink += cmd.length;
            }
        }
        if (d.consumedBytes() != stream.length || sink == 0) {
            throw new IllegalStateException("decoded " + d.consumedBytes() + " of " + stream.length + " bytes");
        }
        return n;
    }
}
