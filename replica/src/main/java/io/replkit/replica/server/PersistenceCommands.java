package io.replkit.replica.server;

import io.replkit.replica.snapshot.Persistence;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * SAVE, BGSAVE, LASTSAVE and SHUTDOWN over the replica's {@link Persistence}. SAVE blocks only its
 * caller's connection (and the others on the same event loop), never the stream being applied.
 */
final class PersistenceCommands {
    private static final Logger LOG = Logger.getLogger(PersistenceCommands.class.getName());

    private PersistenceCommands() {
    }

    static void register(CommandTable t) {
        t.plain("save", 1, PersistenceCommands::save);
        t.plain("bgsave", -1, PersistenceCommands::bgsave);
        t.plain("lastsave", 1, r -> {
            Persistence p = r.server.persistence;
            // never saved: like Redis, the time it started
            r.reply.integer(p == null ? r.server.startMs / 1000 : p.lastSaveSeconds());
        });
        t.plain("shutdown", -1, PersistenceCommands::shutdown);
    }

    private static Persistence require(Request r) {
        Persistence p = r.server.persistence;
        if (p == null || p.file() == null) {
            throw new ReplyError("ERR no snapshot file: start the replica with --save FILE");
        }
        return p;
    }

    private static void save(Request r) {
        Persistence p = require(r);
        try {
            p.save();
        } catch (IllegalStateException e) {
            throw new ReplyError("ERR " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "SAVE failed", e);
            throw new ReplyError("ERR SAVE failed: " + e.getMessage());
        }
        r.reply.ok();
    }

    private static void bgsave(Request r) {
        if (r.argc() > 2 || (r.argc() == 2 && !r.argIs(1, "SCHEDULE"))) {
            throw new ReplyError("ERR syntax error");
        }
        Persistence p = require(r);
        if (!p.startBackgroundSave()) {
            throw new ReplyError("ERR Background save already in progress");
        }
        r.reply.simple("Background saving started");
    }

    /** SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE]: on success the connection just closes, as with Redis. */
    private static void shutdown(Request r) {
        Boolean save = null;
        for (int i = 1; i < r.argc(); i++) {
            if (r.argIs(i, "NOSAVE") && save == null) {
                save = false;
            } else if (r.argIs(i, "SAVE") && save == null) {
                save = true;
            } else if (r.argIs(i, "ABORT")) {
                throw new ReplyError("ERR No shutdown in progress.");
            } else if (!r.argIs(i, "NOW") && !r.argIs(i, "FORCE")) {
                throw new ReplyError("ERR syntax error");
            }
        }
        Persistence p = r.server.persistence;
        if (p == null) {
            throw new ReplyError("ERR SHUTDOWN is not available on this server");
        }
        try {
            p.shutdown(save);
        } catch (IllegalStateException e) {
            throw new ReplyError("ERR " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "SHUTDOWN save failed", e);
            throw new ReplyError("ERR Errors trying to SHUTDOWN. Check logs.");
        }
    }
}
