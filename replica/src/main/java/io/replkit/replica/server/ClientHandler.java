package io.replkit.replica.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.replkit.protocol.resp.CommandDecoder;
import io.replkit.protocol.resp.RespLimits;
import io.replkit.protocol.resp.RespProtocolException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection: admits it (maxclients, protected mode), decodes requests (RESP arrays and
 * inline commands) with the protocol module's {@link CommandDecoder}, runs each, and writes the
 * replies of one read batch together (pipelined requests get one flush).
 *
 * <p>Limits, as Redis keeps them: a malformed request gets {@code -ERR Protocol error: ...} and the
 * connection is closed; input held for one client beyond the query-buffer limit closes it; a client
 * that has not authenticated may send only small requests. A client that sends faster than it reads
 * its replies is not read from while its channel is unwritable (netty's backpressure), so its
 * pending output stays near the write-buffer high-water mark; a subscriber, whose output grows with
 * what is published rather than with what it asks, is closed past the pub/sub output-buffer limit.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private static final int FLUSH_EARLY_BYTES = 64 * 1024;
    /** Redis's limits before AUTH: at most 10 arguments of at most 16 KiB each. */
    private static final RespLimits UNAUTHENTICATED = RespLimits.DEFAULT.withMaxAggregateLength(10).withMaxBulkLength(16384);
    static final String MAX_CLIENTS = "-ERR max number of clients reached\r\n";
    static final String DENIED = "-DENIED Redis is running in protected mode because protected mode is enabled and no "
            + "password is set for the default user. In this mode connections are only accepted from the loopback "
            + "interface. If you want to connect from external computers to Redis you may adopt one of the following "
            + "solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the "
            + "loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE "
            + "Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change "
            + "permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration "
            + "file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started "
            + "the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an "
            + "authentication password for the default user. NOTE: You only need to do one of the above things in "
            + "order for the server to start accepting connections from the outside.\r\n";

    private final ServerContext server;
    private final Dispatcher dispatcher;
    private final RespLimits authenticatedLimits;
    private final CommandDecoder decoder = new CommandDecoder();
    private final Reply reply = new Reply();
    private ChannelHandlerContext ctx;
    private Channel channel;
    private ClientSession client;
    private Request request;
    /** Output of the batch being processed; non-null only inside {@link #process()}. */
    private ByteBuf pending;
    /** Input not decoded yet. */
    private ByteBuf input;
    /** Pub/sub frames not yet written (see {@link #push}). */
    private final Queue<byte[]> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    ClientHandler(ServerContext server, Dispatcher dispatcher) {
        this.server = server;
        this.dispatcher = dispatcher;
        long bulk = Math.min(server.options.protoMaxBulkLen(), RespLimits.MAX_ARRAY_LENGTH);
        this.authenticatedLimits = RespLimits.DEFAULT.withMaxBulkLength(bulk)
                .withMaxAggregateLength((int) (RespLimits.MAX_ARRAY_LENGTH / 2));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        this.channel = ctx.channel();
        server.connectionsReceived.incrementAndGet();
        ServerOptions o = server.options;
        if (server.connections.incrementAndGet() > o.maxClients()) {
            server.rejectedConnections.incrementAndGet();
            refuse(MAX_CLIENTS);
            return;
        }
        if (o.protectedMode() && o.defaultUserOpen() && !isLoopback(channel.remoteAddress())) {
            refuse(DENIED); // not logged, as Redis does not: a scan of the port would flood the log
            return;
        }
        client = new ClientSession(server.nextClientId.getAndIncrement(), address(channel.remoteAddress()),
                address(channel.localAddress()), o.defaultUserOpen(), System.currentTimeMillis(), this);
        client.channel = channel;
        request = new Request(server, client, reply);
        server.clients.put(client.id, client);
        super.channelActive(ctx);
    }

    private void refuse(String error) {
        ctx.writeAndFlush(Unpooled.copiedBuffer(error, StandardCharsets.ISO_8859_1)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        server.connections.decrementAndGet();
        if (client != null) {
            client.closing = true;
            server.clients.remove(client.id);
            server.pubsub.forget(client);
        }
        release();
        super.channelInactive(ctx);
    }

    private static boolean isLoopback(SocketAddress a) {
        return a instanceof InetSocketAddress i && i.getAddress() != null && i.getAddress().isLoopbackAddress();
    }

    private static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            return i.getAddress().getHostAddress() + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf data = (ByteBuf) msg;
        if (client == null || client.closing) {
            data.release();
            return;
        }
        input = input == null ? data : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), input, data);
        client.lastInteractionMs = System.currentTimeMillis();
        io.replkit.replica.chain.Downstream d = client.downstream;
        if (d != null && server.relay != null) {
            server.relay.heard(d); // an ACK, or a newline a replica sends while it loads a big snapshot
        }
        process();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        ctx.flush();
        super.channelReadComplete(ctx);
    }

    /** The client drained its replies: read and run what it sent meanwhile. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (client != null && !client.closing && channel.isWritable()) {
            channel.config().setAutoRead(true);
            process();
            ctx.flush();
        }
        super.channelWritabilityChanged(ctx);
    }

    /** Runs the complete requests buffered, until the input ends, the client closes or its channel backs up. */
    private void process() {
        drainOutbox();
        try {
            while (!client.closing && input != null && input.isReadable()) {
                // a replica's replies are dropped, and its ACKs must be read even while the stream backs up
                // (repl-timeout counts from its last ACK)
                if (!channel.isWritable() && client.downstream == null) {
                    channel.config().setAutoRead(false); // resumed by channelWritabilityChanged
                    break;
                }
                decoder.limits(client.authenticated ? authenticatedLimits : UNAUTHENTICATED);
                byte[][] args;
                try {
                    args = decoder.decode(input);
                } catch (RespProtocolException e) {
                    input.skipBytes(input.readableBytes());
                    output();
                    reply.error("ERR Protocol error: " + ProtocolErrors.redisText(e, client.authenticated));
                    closeAfterFlush();
                    return;
                }
                if (args == null) {
                    break;
                }
                output();
                reply.resp(client.resp);
                boolean replica = client.downstream != null;
                int mark = pending.writerIndex();
                dispatcher.execute(request, args);
                if (replica) {
                    pending.writerIndex(mark); // a replica's connection carries only the stream
                }
                if (client.closing) {
                    input.skipBytes(input.readableBytes());
                    closeAfterFlush();
                    return;
                }
                if (pending.readableBytes() >= FLUSH_EARLY_BYTES) {
                    ByteBuf b = pending;
                    pending = null;
                    ctx.writeAndFlush(b, ctx.voidPromise());
                }
            }
            long held = (input == null ? 0 : input.readableBytes()) + decoder.pendingBytes();
            if (held > server.options.queryBufferLimit() && !client.closing) {
                server.log.accept("closing client that reached max query buffer length: " + client.describe()
                        + " qbuf=" + held);
                client.closing = true;
                ctx.close();
            }
        } finally {
            if (pending != null) {
                ByteBuf b = pending;
                pending = null;
                ctx.write(b, ctx.voidPromise());
            }
            if (input != null && !input.isReadable()) {
                input.release();
                input = null;
            } else if (input != null) {
                input.discardSomeReadBytes();
            }
        }
    }

    private void output() {
        if (pending == null) {
            pending = ctx.alloc().buffer(256);
        }
        reply.target(pending);
    }

    private void closeAfterFlush() {
        client.closing = true;
        ByteBuf b = pending;
        pending = null;
        if (b == null) {
            ctx.close();
        } else {
            ctx.writeAndFlush(b).addListener(ChannelFutureListener.CLOSE);
        }
    }

    // ------------------------------------------------------------------ pub/sub delivery

    /**
     * Queues a pub/sub frame for this client; safe from any thread, never blocks. Frames wait in an
     * outbox that the event loop drains, and always before it runs the client's next command: a
     * message published before a command was read precedes that command's reply, as in Redis.
     */
    void push(byte[] frame) {
        outbox.add(frame);
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            drainOutbox();
        } else if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(() -> {
                drainScheduled.set(false);
                drainOutbox();
            });
        }
    }

    private void drainOutbox() {
        boolean wrote = false;
        for (byte[] f; (f = outbox.poll()) != null; ) {
            if (client.closing || !channel.isActive()) {
                outbox.clear();
                return;
            }
            if (pending != null) {
                pending.writeBytes(f); // inside this client's batch: in order with its replies
            } else {
                ctx.write(Unpooled.wrappedBuffer(f), ctx.voidPromise());
                wrote = true;
            }
        }
        if (wrote) {
            ctx.flush();
            enforceOutputLimit();
        }
    }

    /** Redis's client-output-buffer-limit for a subscriber: hard at once, soft after its seconds. */
    private void enforceOutputLimit() {
        if (!client.subscribed()) {
            return;
        }
        ServerOptions.OutputLimit limit = server.options.pubsubOutputLimit();
        long queued = pendingOutputBytes();
        boolean over = limit.hard() > 0 && queued >= limit.hard();
        if (limit.soft() > 0 && queued >= limit.soft()) {
            long now = System.currentTimeMillis();
            if (client.softLimitSinceMs == 0) {
                client.softLimitSinceMs = now;
            } else if ((now - client.softLimitSinceMs) / 1000 > limit.softSeconds()) {
                over = true;
            }
        } else {
            client.softLimitSinceMs = 0;
        }
        if (over) {
            server.log.accept("closing client " + client.describe() + " for overcoming of output buffer limits (pubsub: "
                    + queued + " bytes pending)");
            client.closing = true;
            channel.close();
        }
    }

    /** Bytes written to the channel and not yet taken by the socket (CLIENT LIST omem). */
    long pendingOutputBytes() {
        Channel ch = channel;
        ChannelOutboundBuffer ob = ch == null ? null : ch.unsafe().outboundBuffer();
        return ob == null ? 0 : ob.totalPendingWriteBytes();
    }

    /** Closes the connection from any thread (idle timeout). */
    void close() {
        client.closing = true;
        channel.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void release() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        if (input != null) {
            input.release();
            input = null;
        }
    }
}
