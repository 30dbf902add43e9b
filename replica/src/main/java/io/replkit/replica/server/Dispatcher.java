package io.replkit.replica.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one client command with Redis 7.0's order of checks: unknown command, unknown subcommand,
 * arity, authentication, read-only replica, subscribed (RESP2) context, transaction queuing; then
 * the command under the dataset's read lock when it reads data. A {@link ReplyError} discards the partial reply.
 */
final class Dispatcher {
    static final String READONLY = "READONLY You can't write against a read only replica.";
    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    private final ServerContext server;

    Dispatcher(ServerContext server) {
        this.server = server;
    }

    void execute(Request r, byte[][] args) {
        ClientSession client = r.client;
        r.args = args;
        r.now = System.currentTimeMillis();
        client.lastInteractionMs = r.now;
        server.commandsProcessed.incrementAndGet();
        String name = lower(args[0]);
        CommandSpec top = server.commands.lookup(name);
        if (top == null) {
            reject(r, unknownCommand(args));
            return;
        }
        CommandSpec spec = top;
        if (top.subcommands() != null && (args.length > 1 || top.handler() == null)) {
            if (args.length == 1) {
                reject(r, wrongArity(top));
                return;
            }
            spec = top.subcommands().get(lower(args[1]));
            if (spec == null) {
                reject(r, "ERR unknown subcommand '" + truncate(r.argString(1), 128) + "'. Try "
                        + new String(args[0], StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT) + " HELP.");
                return;
            }
        }
        if (!spec.arityOk(args.length)) {
            reject(r, wrongArity(spec));
            return;
        }
        client.lastCommand = spec.fullName();
        if (!client.authenticated && !CommandSpec.NO_AUTH_NEEDED.contains(top.name())) {
            reject(r, "NOAUTH Authentication required.");
            return;
        }
        if (spec.write()) {
            reject(r, READONLY);
            return;
        }
        if (client.resp == 2 && client.subscribed() && !PubSubCommands.ALLOWED_WHEN_SUBSCRIBED.contains(top.name())) {
            reject(r, "ERR Can't execute '" + spec.fullName() + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / "
                    + "QUIT / RESET are allowed in this context");
            return;
        }
        if (client.multi != null && !TRANSACTION_CONTROL.contains(top.name())) {
            client.multi.add(args);
            r.reply.simple("QUEUED");
            return;
        }
        run(spec, r);
    }

    private static final List<String> TRANSACTION_CONTROL = List.of("exec", "discard", "multi", "watch", "quit", "reset");

    /** Runs a command whose checks passed (also used by EXEC for queued commands). */
    void run(CommandSpec spec, Request r) {
        int mark = r.reply.buffer().writerIndex();
        try {
            if (r.pinned != null) {
                r.dataset = r.pinned.dataset(); // inside EXEC: the transaction's view, already locked
                spec.handler().run(r);
            } else if (spec.dataAccess()) {
                ServedDataset.View view = server.data.view();
                Lock lock = view.readLock();
                lock.lock();
                try {
                    r.dataset = view.dataset();
                    spec.handler().run(r);
                } finally {
                    lock.unlock();
                }
            } else {
                r.dataset = server.data.view().dataset();
                spec.handler().run(r);
            }
        } catch (ReplyError e) {
            r.reply.buffer().writerIndex(mark);
            r.reply.error(e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "command " + spec.fullName() + " failed", e);
            r.reply.buffer().writerIndex(mark);
            r.reply.error("ERR internal error in '" + spec.fullName() + "': " + e);
        }
    }

    /** The spec a queued command resolves to (its checks passed when it was queued). */
    CommandSpec resolve(byte[][] args) {
        CommandSpec top = server.commands.lookup(lower(args[0]));
        if (top.subcommands() != null && args.length > 1) {
            return top.subcommands().get(lower(args[1]));
        }
        return top;
    }

    private static void reject(Request r, String error) {
        if (r.client.multi != null) {
            r.client.multiDirty = true;
        }
        r.reply.error(error);
    }

    static String wrongArity(CommandSpec spec) {
        return "ERR wrong number of arguments for '" + spec.fullName() + "' command";
    }

    /** {@code "unknown command 'x', with args beginning with: 'a' 'b' "}, at most about 128 chars of args. */
    static String unknownCommand(byte[][] args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < args.length && sb.length() < 128; i++) {
            int room = 128 - sb.length();
            sb.append('\'').append(truncate(new String(args[i], StandardCharsets.ISO_8859_1), room)).append("' ");
        }
        return "ERR unknown command '" + truncate(new String(args[0], StandardCharsets.ISO_8859_1), 128)
                + "', with args beginning with: " + sb;
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    static String lower(byte[] b) {
        char[] c = new char[b.length];
        for (int i = 0; i < b.length; i++) {
            int x = b[i] & 0xff;
            c[i] = (char) (x >= 'A' && x <= 'Z' ? x + 32 : x);
        }
        return new String(c);
    }
}
