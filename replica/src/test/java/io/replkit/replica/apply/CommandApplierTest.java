package io.replkit.replica.apply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.replica.data.Dataset;
import io.replkit.replica.data.Db;
import io.replkit.replica.data.ListObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CommandApplierTest {
    private final Dataset ds = new Dataset();
    private final List<String> published = new ArrayList<>();
    private final CommandApplier applier = new CommandApplier(ds, () -> 1_000_000L, ApplierOptions.DEFAULTS,
        (ch, m, sharded) -> published.add(new String(ch) + "=" + new String(m)));

    private void apply(String... args) throws CommandException {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        applier.apply(argv);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void commandsInsideMultiAreInvisibleUntilExec() throws Exception {
        apply("MULTI");
        apply("SET", "a", "1");
        apply("RPUSH", "l", "x");
        assertTrue(applier.inTransaction());
        assertNull(ds.db(0).get(b("a")));
        apply("EXEC");
        assertEquals(1L, ds.db(0).get(b("a")));
        assertEquals(1, ((ListObject) ds.db(0).get(b("l"))).size());
    }

    @Test
    void aReaderHoldingTheReadLockNeverSeesHalfATransaction() throws Exception {
        AtomicBoolean torn = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                applier.readLock().lock();
                try {
                    boolean a = ds.db(0).contains(b("a"));
                    boolean z = ds.db(0).contains(b("z"));
                    if (a != z) {
                        torn.set(true);
                    }
                } finally {
                    applier.readLock().unlock();
                }
            }
        });
        reader.start();
        for (int i = 0; i < 20_000; i++) {
            apply("MULTI");
            apply(i % 2 == 0 ? "SET" : "DEL", "a", "1");
            for (int j = 0; j < 5; j++) {
                apply("INCR", "n" + j);
            }
            apply(i % 2 == 0 ? "SET" : "DEL", "z", "1");
            apply("EXEC");
        }
        stop.set(true);
        reader.join();
        assertFalse(torn.get(), "a reader saw one key of a transaction without the other");
    }

    @Test
    void anErrorInsideExecKeepsTheOtherCommandsLikeRedis() throws Exception {
        apply("SET", "s", "text");
        apply("MULTI");
        apply("INCR", "s");
        apply("SET", "after", "1");
        CommandException e = assertThrows(CommandException.class, () -> apply("EXEC"));
        assertEquals("ERR value is not an integer or out of range", e.getMessage());
        assertEquals(1L, ds.db(0).get(b("after")));
    }

    @Test
    void unknownCommandsAreNamedAndChangeNothing() {
        UnknownCommandException e = assertThrows(UnknownCommandException.class, () -> apply("JSON.SET", "k", "$", "1"));
        assertEquals("JSON.SET", e.command());
        assertEquals(0, ds.keyCount());
    }

    @Test
    void wrongTypeGivesRedisError() throws Exception {
        apply("RPUSH", "l", "x");
        CommandException e = assertThrows(CommandException.class, () -> apply("SADD", "l", "m"));
        assertTrue(e.getMessage().startsWith("WRONGTYPE"));
    }

    @Test
    void selectSwitchesDatabaseAndRejectsOutOfRange() throws Exception {
        apply("SELECT", "3");
        apply("SET", "k", "v");
        assertArrayEquals(b("v"), (byte[]) ds.db(3).get(b("k")));
        assertThrows(CommandException.class, () -> apply("SELECT", "16"));
        assertEquals(3, applier.selectedDb());
    }

    @Test
    void pastExpiriesAreStoredNotAppliedAsAReplicaWaitsForTheMastersDel() throws Exception {
        apply("SET", "k", "v");
        apply("PEXPIREAT", "k", "5");
        assertTrue(ds.db(0).contains(b("k")));
        assertEquals(5, ds.db(0).expiry(b("k")));
        assertTrue(ds.db(0).isLogicallyExpired(b("k"), 1_000_000L));
        apply("PERSIST", "k");
        assertEquals(Db.NO_EXPIRY, ds.db(0).expiry(b("k")));
    }

    @Test
    void relativeExpiriesFromOldMastersCountFromTheReplicaClock() throws Exception {
        apply("SET", "k", "v", "PX", "500");
        assertEquals(1_000_500L, ds.db(0).expiry(b("k")));
        apply("SET", "k", "v2", "KEEPTTL");
        assertEquals(1_000_500L, ds.db(0).expiry(b("k")));
        apply("SET", "k", "v3");
        assertEquals(Db.NO_EXPIRY, ds.db(0).expiry(b("k")));
    }

    @Test
    void publishGoesToTheListenerAndPingAndReplconfAreIgnored() throws Exception {
        apply("PUBLISH", "ch", "hello");
        apply("PING");
        apply("REPLCONF", "GETACK", "*");
        assertEquals(List.of("ch=hello"), published);
        assertEquals(0, ds.keyCount());
    }

    @Test
    void functionLoadReplaceAndDeleteKeepTheCodeByLibraryName() throws Exception {
        String code = "#!lua name=lib1\nredis.register_function('f', function() return 1 end)";
        apply("FUNCTION", "LOAD", code);
        assertThrows(CommandException.class, () -> apply("FUNCTION", "LOAD", code));
        apply("FUNCTION", "LOAD", "REPLACE", code);
        assertEquals(List.of("lib1"), List.copyOf(ds.functions().keySet()));
        apply("FUNCTION", "DELETE", "lib1");
        assertTrue(ds.functions().isEmpty());
    }
}
