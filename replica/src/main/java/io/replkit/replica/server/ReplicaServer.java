package io.replkit.replica.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.replkit.replica.chain.Relay;
import io.replkit.replica.snapshot.Persistence;
import io.replkit.replica.apply.CommandApplier;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The replica's RESP2/RESP3 server: answers reads over the {@link ServedDataset} while the applier
 * changes it (see {@link ServedDataset} for the locking), refuses writes with -READONLY, and reports
 * the {@link ReplicationState} in INFO and ROLE. Netty runs the connections: one acceptor thread and
 * an event loop per core.
 */
public final class ReplicaServer implements Closeable {
    private final ServerContext context;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private ReplicaServer(ServerContext context, EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
        this.context = context;
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
    }

    /** Binds and starts serving, logging server events through java.util.logging. */
    public static ReplicaServer start(ServedDataset data, ReplicationState replication, ServerOptions options)
            throws IOException {
        Logger logger = Logger.getLogger(ReplicaServer.class.getName());
        return start(data, replication, options, logger::info, null);
    }

    /** Like {@link #start(ServedDataset, ReplicationState, ServerOptions)}, also serving replicas through {@code relay}. */
    public static ReplicaServer start(ServedDataset data, ReplicationState replication, ServerOptions options,
                                      Relay relay) throws IOException {
        Logger logger = Logger.getLogger(ReplicaServer.class.getName());
        return start(data, replication, options, logger::info, relay);
    }

    /** Like {@link #start(ServedDataset, ReplicationState, ServerOptions, Consumer, Relay)} without serving replicas. */
    public static ReplicaServer start(ServedDataset data, ReplicationState replication, ServerOptions options,
                                      Consumer<String> log) throws IOException {
        return start(data, replication, options, log, null);
    }

    /**
     * Binds and starts serving; throws IOException naming the address when the bind fails.
     *
     * @param log   receives a line for each client closed for going over a limit
     * @param relay serves replicas of ours (SYNC/PSYNC), or null for none
     */
    public static ReplicaServer start(ServedDataset data, ReplicationState replication, ServerOptions options,
                                      Consumer<String> log, Relay relay) throws IOException {
        ServerContext ctx = new ServerContext(data, replication, options, log);
        ctx.relay = relay;
        Dispatcher dispatcher = new Dispatcher(ctx);
        EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("replkit-accept", true));
        EventLoopGroup workers = new NioEventLoopGroup(0, new DefaultThreadFactory("replkit-client", true));
        try {
            Channel ch = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 511)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new ClientHandler(ctx, dispatcher));
                        }
                    })
                    .bind(options.bind(), options.port()).syncUninterruptibly().channel();
            ctx.boundPort = ((InetSocketAddress) ch.localAddress()).getPort();
            if (relay != null) {
                workers.scheduleAtFixedRate(() -> relay.cron(System.currentTimeMillis()), 1, 1, TimeUnit.SECONDS);
            }
            if (options.timeoutSeconds() > 0) {
                workers.scheduleAtFixedRate(() -> closeIdleClients(ctx), 1, 1, TimeUnit.SECONDS);
            }
            return new ReplicaServer(ctx, boss, workers, ch);
        } catch (Exception e) {
            // not only runtime exceptions: netty's sync rethrows the bind's checked BindException as is
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot listen on " + options.bind() + ":" + options.port() + ": " + e.getMessage(), e);
        }
    }

    /** Sets up SAVE, BGSAVE, LASTSAVE, SHUTDOWN and INFO persistence (and the snapshotter other parts reach from here). */
    public void persistence(Persistence p) {
        context.persistence = p;
    }

    /** Redis's {@code timeout}: normal clients idle that long are closed; subscribers and replicas never are. */
    private static void closeIdleClients(ServerContext ctx) {
        long now = System.currentTimeMillis();
        long max = ctx.options.timeoutSeconds() * 1000;
        for (ClientSession c : ctx.clients.values()) {
            if (!c.subscribed() && c.downstream == null && !c.closing && now - c.lastInteractionMs > max) {
                c.connection.close();
            }
        }
    }

    /**
     * Where the master's PUBLISH / SPUBLISH go: this server's subscribers (give it to the
     * {@code ReplicaLink}, which hands it to every applier it creates).
     */
    public CommandApplier.PublishListener publishListener() {
        return context.pubsub;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return context.boundPort;
    }

    public int connectedClients() {
        return context.clients.size();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // a shutdown hook and the main thread may both close
        }
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
