package io.replkit.cli.replay;

import io.replkit.cli.rdbfile.DbRenames;
import io.replkit.cli.rdbfile.diff.ValueReplay;
import io.replkit.protocol.resp.RespValue;
import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.filter.KeyFilter;
import io.replkit.rdb.value.RdbValue;
import io.replkit.rdb.write.DumpPayload;
import io.replkit.rdb.write.RdbWriteException;
import io.replkit.rdb.write.RdbWriterOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Writes the keys (and function libraries) of an RDB stream to the target. Each key goes as
 * {@code RESTORE key ttl payload REPLACE [ABSTTL] [IDLETIME s | FREQ n]} with the payload encoded
 * for the target's RDB version, or as ordinary commands ({@link ValueCommands}) when asked, when
 * the payload would exceed {@code maxRestoreBytes}, when the target's format cannot hold the
 * value, or when the target refuses RESTORE itself (an unknown or forbidden command, a payload
 * version it rejects; learnt from the first key, then every key is written as commands).
 */
final class SnapshotLoader {
    private static final byte[] RESTORE = ValueCommands.ascii("RESTORE");
    private static final byte[] REPLACE = ValueCommands.ascii("REPLACE");
    private static final byte[] ABSTTL = ValueCommands.ascii("ABSTTL");
    private static final byte[] IDLETIME = ValueCommands.ascii("IDLETIME");
    private static final byte[] FREQ = ValueCommands.ascii("FREQ");
    private static final byte[] ZERO = ValueCommands.ascii("0");

    /** How the loader writes keys and what it has done. */
    static final class Settings {
        boolean commandsOnly;
        long maxRestoreBytes = 64L << 20;
        boolean keepIdleAndFreq;
        int batchElements = 512;
        long batchBytes = 1L << 20;
    }

    private final TargetWriter target;
    private final TargetServer server;
    private final Settings settings;
    private final KeyFilter filter;
    private final DbRenames renames;
    private final PrintWriter err;
    private final RdbWriterOptions writerOptions;
    private final ValueCommands commands;
    private boolean restoreRefused;
    private boolean restoreConfirmed;

    private long keys;
    private long keysAsCommands;
    private long payloadBytes;
    private long functions;

    SnapshotLoader(TargetWriter target, TargetServer server, Settings settings, KeyFilter filter, DbRenames renames,
                   PrintWriter err) {
        this.target = target;
        this.server = server;
        this.settings = settings;
        this.filter = filter;
        this.renames = renames;
        this.err = err;
        this.writerOptions = RdbWriterOptions.defaults(server.rdb()).withCompress(false);
        long batchBytes = Math.min(settings.batchBytes, server.protoMaxBulkLen());
        this.commands = new ValueCommands(target, settings.batchElements, batchBytes, server.atLeast(7, 0));
    }

    /** Reads every record of {@code reader} and writes what passes the filter; returns the keys written. */
    long load(RdbReader reader, Runnable onKey) throws IOException {
        long before = keys;
        for (RdbRecord rec; (rec = reader.next()) != null; ) {
            if (rec instanceof KeyEntry k) {
                if (filter.accepts(k)) {
                    key(k);
                    onKey.run();
                }
            } else if (rec instanceof FunctionLibrary f) {
                function(f);
            }
        }
        return keys - before;
    }

    void key(KeyEntry k) throws IOException {
        target.select(renames.apply(k.db()));
        keys++;
        long now = System.currentTimeMillis();
        if (settings.commandsOnly || restoreRefused) {
            keysAsCommands++;
            if (k.hasExpiry() && k.expireAtMs() <= now) {
                commands.delete(k);
            } else {
                commands.write(k);
            }
            return;
        }
        RdbValue value = k.value();
        byte[] payload;
        try {
            payload = DumpPayload.encode(value, writerOptions);
        } catch (RdbWriteException e) {
            asCommands(k, value); // e.g. a field TTL or a type the target's format lacks
            return;
        }
        if (payload.length > Math.min(settings.maxRestoreBytes, server.protoMaxBulkLen())) {
            asCommands(k, value);
            return;
        }
        byte[][] args = restoreArgs(k, payload, now);
        if (args == null) {
            commands.delete(k); // expired, and the target cannot take an absolute TTL
            return;
        }
        payloadBytes += payload.length;
        if (restoreConfirmed) {
            target.send(k.key(), args);
            return;
        }
        RespValue reply = target.callNow(args);
        if (reply.isError() && refusesRestore(reply.asString())) {
            restoreRefused = true;
            err.println("replkit: " + target.connection().address() + " does not take RESTORE (" + reply.asString()
                + "); writing keys as commands");
            err.flush();
            asCommands(k, value);
            return;
        }
        restoreConfirmed = !reply.isError();
        target.check(k.key(), RESTORE, reply);
    }

    /** The RESTORE command, or null when the key has expired and the target only takes relative TTLs. */
    private byte[][] restoreArgs(KeyEntry k, byte[] payload, long now) {
        boolean abs = server.hasAbsTtl();
        byte[] ttl = ZERO;
        if (k.hasExpiry()) {
            if (abs) {
                ttl = ValueCommands.number(k.expireAtMs());
            } else if (k.expireAtMs() <= now) {
                return null;
            } else {
                ttl = ValueCommands.number(k.expireAtMs() - now);
            }
        }
        int n = 5 + (abs && k.hasExpiry() ? 1 : 0);
        boolean idle = settings.keepIdleAndFreq && abs && k.idleSeconds() != KeyEntry.NONE;
        boolean freq = settings.keepIdleAndFreq && abs && k.lfuFreq() >= 0;
        n += (idle ? 2 : 0) + (freq ? 2 : 0);
        byte[][] args = new byte[n][];
        int i = 0;
        args[i++] = RESTORE;
        args[i++] = k.key();
        args[i++] = ttl;
        args[i++] = payload;
        args[i++] = REPLACE;
        if (abs && k.hasExpiry()) {
            args[i++] = ABSTTL;
        }
        if (idle) {
            args[i++] = IDLETIME;
            args[i++] = ValueCommands.number(k.idleSeconds());
        }
        if (freq) {
            args[i++] = FREQ;
            args[i++] = ValueCommands.number(k.lfuFreq());
        }
        return args;
    }

    private void asCommands(KeyEntry k, RdbValue value) throws IOException {
        keysAsCommands++;
        try {
            ValueReplay.replay(k, value, commands);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Errors that mean RESTORE itself is unavailable, not that this key was bad. */
    static boolean refusesRestore(String error) {
        String e = error.toLowerCase(Locale.ROOT);
        return e.startsWith("err unknown command") || e.startsWith("noperm")
            || e.contains("payload version or checksum are wrong");
    }

    void function(FunctionLibrary f) throws IOException {
        if (!server.hasFunctions()) {
            err.println("replkit: function library " + f.name() + " skipped: " + server + " has no functions");
            err.flush();
            return;
        }
        functions++;
        target.send(null, ValueCommands.ascii("FUNCTION"), ValueCommands.ascii("LOAD"), REPLACE, f.code());
    }

    long keys() {
        return keys;
    }

    long keysAsCommands() {
        return keysAsCommands;
    }

    long payloadBytes() {
        return payloadBytes;
    }

    long functions() {
        return functions;
    }
}
