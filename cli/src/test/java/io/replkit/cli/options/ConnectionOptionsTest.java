package io.replkit.cli.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.cli.UsageException;
import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.client.RedisUri;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class ConnectionOptionsTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        ConnectionOptions connection;
        @Mixin
        HelpOption help;
        @Option(names = "--master")
        String master;
    }

    private static ConnectionSettings settings(Map<String, String> env, String... args) {
        Probe p = new Probe();
        new CommandLine(p).parseArgs(args);
        return p.connection.withEnvironment(env).settings(p.master);
    }

    private static ConnectionSettings settings(String... args) {
        return settings(Map.of(), args);
    }

    @Test
    void defaultsToLocalhost6379() {
        ConnectionSettings s = settings();
        assertEquals(new RedisUri(false, "127.0.0.1", 6379, 0, null, null), s.uri());
        assertEquals(Duration.ofSeconds(5), s.connectTimeout());
        assertEquals(Duration.ofSeconds(5), s.readTimeout());
    }

    @Test
    void redisCliStyleFlags() {
        ConnectionSettings s = settings("-h", "db.example.com", "-p", "6380", "-n", "2", "--user", "alice", "-a", "pw");
        assertEquals(new RedisUri(false, "db.example.com", 6380, 2, "alice", "pw"), s.uri());
        assertEquals("pw", settings("--pass", "pw").uri().password());
        assertEquals("::1", settings("-h", "[::1]").uri().host());
    }

    @Test
    void flagsOverrideThePartsOfTheCommandsUri() {
        ConnectionSettings s = settings("--master", "redis://bob:old@m1:7000/1", "-p", "7001", "-a", "new");
        assertEquals(new RedisUri(false, "m1", 7001, 1, "bob", "new"), s.uri());
    }

    @Test
    void dashUIsTheUriWhenTheCommandHasNone() {
        assertEquals(new RedisUri(true, "h", 6390, 0, null, "p"), settings("-u", "rediss://:p@h:6390").uri());
    }

    @Test
    void commandUriAndDashUTogetherAreAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> settings("--master", "redis://a", "-u", "redis://b"));
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
    }

    @Test
    void rediscliAuthIsUsedOnlyWhenNoPasswordIsGiven() {
        Map<String, String> env = Map.of(ConnectionOptions.AUTH_ENV, "from-env");
        assertEquals("from-env", settings(env).uri().password());
        assertEquals("flag", settings(env, "-a", "flag").uri().password());
        assertEquals("uri", settings(env, "--master", "redis://:uri@h").uri().password());
        assertNull(settings(Map.of(ConnectionOptions.AUTH_ENV, "")).uri().password());
    }

    @Test
    void tlsOptionsBuildTheTlsSettings() {
        ConnectionSettings s = settings("--tls", "--cacert", "ca.pem", "--cert", "c.pem", "--key", "k.pem", "--sni", "r.example");
        assertTrue(s.uri().tls());
        assertEquals(Path.of("ca.pem"), s.tls().caFile());
        assertEquals(Path.of("c.pem"), s.tls().certFile());
        assertEquals(Path.of("k.pem"), s.tls().keyFile());
        assertEquals("r.example", s.tls().serverName());
        assertFalse(s.tls().insecure());
        assertTrue(settings("-u", "rediss://h", "--insecure").tls().insecure());
    }

    @Test
    void tlsOptionsWithoutTlsAreAUsageError() {
        assertEquals("--cacert, --cert, --key, --insecure and --sni need --tls or a rediss:// URI",
            assertThrows(UsageException.class, () -> settings("--cacert", "ca.pem")).getMessage());
        assertEquals("--cert and --key go together",
            assertThrows(UsageException.class, () -> settings("--tls", "--cert", "c.pem")).getMessage());
    }

    @Test
    void timesInSecondsOrWithUnits() {
        assertEquals(Duration.ofMillis(2500), settings("--timeout", "2.5").readTimeout());
        assertEquals(Duration.ofMillis(500), settings("--connect-timeout", "500ms").connectTimeout());
        assertEquals(Duration.ofMinutes(1), settings("--timeout", "1m").readTimeout());
        assertEquals(Duration.ZERO, settings("--timeout", "0").readTimeout());
        assertEquals("--timeout 'soon' is not a time: expected seconds (2.5) or 500ms, 10s, 1m",
            assertThrows(UsageException.class, () -> settings("--timeout", "soon")).getMessage());
    }

    @Test
    void badUriPortOrDatabaseIsAUsageError() {
        assertEquals("bad port 'x' in redis://h:x: expected a port 1-65535",
            assertThrows(UsageException.class, () -> settings("--master", "redis://h:x")).getMessage());
        assertEquals("port 70000 is not in 1-65535",
            assertThrows(UsageException.class, () -> settings("-p", "70000")).getMessage());
        assertEquals("database -1 is negative",
            assertThrows(UsageException.class, () -> settings("-n", "-1")).getMessage());
        assertThrows(UsageException.class, () -> settings("--user", "alice"));
    }

    @Test
    void helpIsOnlyTheLongOption() {
        CommandLine cl = new CommandLine(new Probe());
        assertTrue(cl.getCommandSpec().findOption("--help").usageHelp());
        assertEquals("-h", cl.getCommandSpec().findOption("-h").shortestName());
        assertFalse(cl.getCommandSpec().findOption("-h").usageHelp());
    }
}
