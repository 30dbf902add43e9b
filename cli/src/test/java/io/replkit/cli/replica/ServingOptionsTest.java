package io.replkit.cli.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.replkit.cli.UsageException;
import io.replkit.replica.server.ServerOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServingOptionsTest {

    private static ServerOptions parse(Map<String, String> env, String... args) {
        ServingOptions o = new ServingOptions().withEnvironment(env);
        new CommandLine(o).parseArgs(args);
        return o.serverOptions("127.0.0.1", 6380);
    }

    @Test
    void defaultsAreRedis70s() {
        ServerOptions o = parse(Map.of());
        assertNull(o.password());
        assertEquals(Map.of(), o.users());
        assertEquals(10_000, o.maxClients());
        assertEquals(0, o.timeoutSeconds());
        assertEquals(1L << 30, o.queryBufferLimit());
        assertEquals(512L << 20, o.protoMaxBulkLen());
        assertEquals(new ServerOptions.OutputLimit(32L << 20, 8L << 20, 60), o.pubsubOutputLimit());
        assertEquals(true, o.protectedMode());
    }

    @Test
    void sizesTakeRedisUnits() {
        assertEquals(1000, ServingOptions.size("--x", "1k"));
        assertEquals(1024, ServingOptions.size("--x", "1KB"));
        assertEquals(5_000_000, ServingOptions.size("--x", "5m"));
        assertEquals(3L << 30, ServingOptions.size("--x", "3gb"));
        assertEquals(77, ServingOptions.size("--x", "77"));
        for (String bad : List.of("", "mb", "1tb", "-1", "1.5mb", "99999999999999999999")) {
            assertThrows(UsageException.class, () -> ServingOptions.size("--x", bad), bad);
        }
    }

    @Test
    void passwordComesFromTheFlagElseTheEnvironment() {
        assertEquals("env", parse(Map.of(ServingOptions.REQUIREPASS_ENV, "env")).password());
        assertEquals("flag", parse(Map.of(ServingOptions.REQUIREPASS_ENV, "env"), "--requirepass", "flag").password());
    }

    @Test
    void usersLimitsAndModesParse() {
        ServerOptions o = parse(Map.of(), "--acl-user", "app:a:b", "--acl-user", "ops:x", "--protected-mode", "no",
                "--maxclients", "5", "--timeout", "30", "--client-query-buffer-limit", "64mb", "--proto-max-bulk-len", "1mb",
                "--client-output-buffer-limit-pubsub", "1mb 512kb 10");
        assertEquals(Map.of("app", "a:b", "ops", "x"), o.users());
        assertFalse(o.protectedMode());
        assertEquals(5, o.maxClients());
        assertEquals(30, o.timeoutSeconds());
        assertEquals(64L << 20, o.queryBufferLimit());
        assertEquals(1L << 20, o.protoMaxBulkLen());
        assertEquals(new ServerOptions.OutputLimit(1 << 20, 512 << 10, 10), o.pubsubOutputLimit());
    }

    @Test
    void badValuesAreUsageErrors() {
        for (String[] args : List.of(new String[] {"--acl-user", "nopassword"}, new String[] {"--acl-user", "default:x"},
                new String[] {"--acl-user", "a:1", "--acl-user", "a:2"}, new String[] {"--protected-mode", "maybe"},
                new String[] {"--maxclients", "0"}, new String[] {"--timeout", "-1"},
                new String[] {"--client-output-buffer-limit-pubsub", "1mb 2mb"},
                new String[] {"--proto-max-bulk-len", "0"})) {
            assertThrows(UsageException.class, () -> parse(Map.of(), args), String.join(" ", args));
        }
    }
}
