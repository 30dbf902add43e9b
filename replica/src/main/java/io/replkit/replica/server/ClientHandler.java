package io.replkit.replica.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.replkit.protocol.resp.CommandDecoder;
import io.replkit.protocol.resp.RespProtocolException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One client connection: decodes requests (RESP arrays and inline commands) with the protocol
 * module's {@link CommandDecoder}, runs each, and writes the replies of one read batch together
 * (pipelined requests get one flush). A malformed request gets {@code -ERR Protocol error: ...}
 * and the connection is closed, as Redis does.
 */
final class ClientHandler extends ByteToMessageDecoder {
    private static final int FLUSH_EARLY_BYTES = 64 * 1024;

    private final ServerContext server;
    private final Dispatcher dispatcher;
    private final CommandDecoder decoder = new CommandDecoder();
    private final Reply reply = new Reply();
    private ClientSession client;
    private Request request;
    private ByteBuf pending;

    ClientHandler(ServerContext server, Dispatcher dispatcher) {
        this.server = server;
        this.dispatcher = dispatcher;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        server.connectionsReceived.incrementAndGet();
        client = new ClientSession(server.nextClientId.getAndIncrement(), address(ctx.channel().remoteAddress()),
                address(ctx.channel().localAddress()), server.options.password() == null, System.currentTimeMillis());
        client.channel = ctx.channel();
        request = new Request(server, client, reply);
        server.clients.put(client.id, client);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        server.clients.remove(client.id);
        release();
        super.channelInactive(ctx);
    }

    private static String address(java.net.SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            return i.getAddress().getHostAddress() + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!client.closing) {
            byte[][] args;
            try {
                args = decoder.decode(in);
            } catch (RespProtocolException e) {
                in.skipBytes(in.readableBytes());
                output(ctx);
                reply.error("ERR Protocol error: " + e.getMessage());
                closeAfterFlush(ctx);
                return;
            }
            if (args == null) {
                return;
            }
            output(ctx);
            reply.resp(client.resp);
            boolean replica = client.downstream != null;
            int mark = pending.writerIndex();
            dispatcher.execute(request, args);
            if (replica) {
                pending.writerIndex(mark); // a replica's connection carries only the stream
            }
            if (client.closing) {
                in.skipBytes(in.readableBytes());
                closeAfterFlush(ctx);
                return;
            }
            if (pending.readableBytes() >= FLUSH_EARLY_BYTES) {
                ctx.write(pending);
                pending = null;
            }
        }
    }

    private void output(ChannelHandlerContext ctx) {
        if (pending == null) {
            pending = ctx.alloc().buffer(256);
        }
        reply.target(pending);
    }

    private void closeAfterFlush(ChannelHandlerContext ctx) {
        client.closing = true;
        ByteBuf b = pending;
        pending = null;
        if (b == null) {
            ctx.close();
        } else {
            ctx.writeAndFlush(b).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (pending != null) {
            ByteBuf b = pending;
            pending = null;
            ctx.writeAndFlush(b);
        } else {
            ctx.flush();
        }
        super.channelReadComplete(ctx);
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
    }
}
