package io.replkit.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.cli.rdbfile.DbRenames;
import io.replkit.cli.repl.CommandFilter;
import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.client.RedisConnection;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Stream commands against a real target: confirmed offsets never fall inside MULTI, SELECT mapping, checked EXEC replies. */
class StreamApplierIT {

    private static byte[][] cmd(String... args) {
        byte[][] out = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            out[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    @RedisTest
    void theConfirmedOffsetStaysBeforeAnOpenTransactionAndMovesPastItsExec(RedisServer server) throws Exception {
        try (RedisConnection c = RedisConnection.open(ConnectionSettings.of(server.uri())); TestRedisClient t = server.client()) {
            TargetWriter w = new TargetWriter(c, 2, OnError.stop, new PrintWriter(new StringWriter()), 0);
            StreamApplier a = new StreamApplier(w, new CommandFilter(null, null, "k*"), new DbRenames(List.of("3:4")));
            a.apply(cmd("SELECT", "3"), 10);
            a.apply(cmd("SET", "k1", "a"), 20);
            a.apply(cmd("MULTI"), 30);
            a.apply(cmd("SET", "k2", "b"), 40);
            a.apply(cmd("SET", "other", "x"), 50); // filtered out, inside the transaction
            w.drain();
            assertEquals(20, w.confirmedOffset(), "inside MULTI nothing past it is confirmed");
            assertEquals(3, w.confirmedDb());
            a.apply(cmd("EXEC"), 60);
            a.apply(cmd("PING"), 70);
            w.drain();
            assertEquals(70, w.confirmedOffset());
            t.call("SELECT", "4");
            assertEquals("a", t.callString("GET", "k1"));
            assertEquals("b", t.callString("GET", "k2"));
            assertEquals(0L, t.callLong("EXISTS", "other"));
            t.call("SELECT", "3");
            assertEquals(0L, t.callLong("DBSIZE"), "database 3 was renamed to 4");
        }
    }

    @RedisTest
    void anErrorInsideExecIsARefusalNamingTheTransaction(RedisServer server) throws Exception {
        try (RedisConnection c = RedisConnection.open(ConnectionSettings.of(server.uri()))) {
            StringWriter log = new StringWriter();
            TargetWriter w = new TargetWriter(c, 100, OnError.log, new PrintWriter(log), 0);
            StreamApplier a = new StreamApplier(w, new CommandFilter(null, null, null), new DbRenames(null));
            a.apply(cmd("SELECT", "0"), 5);
            a.apply(cmd("SET", "s", "text"), 10);
            a.apply(cmd("MULTI"), 20);
            a.apply(cmd("INCR", "s"), 30);
            a.apply(cmd("EXEC"), 40);
            w.drain();
            assertEquals(1, w.refused());
            assertEquals(40, w.confirmedOffset());
            assertTrue(log.toString().contains("refused EXEC (db 0): ERR value is not an integer or out of range (inside MULTI/EXEC)"), log.toString());

            TargetWriter stop = new TargetWriter(c, 100, OnError.stop, new PrintWriter(new StringWriter()), 0);
            stop.send("s".getBytes(StandardCharsets.UTF_8), cmd("LPUSH", "s", "x"));
            ReplayException e = assertThrows(ReplayException.class, stop::drain);
            assertTrue(e.getMessage().matches(".* refused LPUSH of key \"s\" \\(db 0\\): WRONGTYPE .*"), e.getMessage());
            assertEquals(-1, stop.confirmedOffset());
        }
    }
}
