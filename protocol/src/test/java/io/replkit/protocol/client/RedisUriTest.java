package io.replkit.protocol.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisUriTest {

    @Test
    void parsesEveryPart() {
        RedisUri u = RedisUri.parse("redis://alice:s3cret@cache.example.com:6380/2");
        assertEquals(new RedisUri(false, "cache.example.com", 6380, 2, "alice", "s3cret"), u);
    }

    @Test
    void defaultsPortAndDatabase() {
        assertEquals(new RedisUri(false, "localhost", 6379, 0, null, null), RedisUri.parse("redis://localhost"));
        assertEquals(new RedisUri(false, "localhost", 6379, 0, null, null), RedisUri.parse("redis://localhost/"));
    }

    @Test
    void redissMeansTls() {
        RedisUri u = RedisUri.parse("rediss://h:6390");
        assertTrue(u.tls());
        assertEquals("rediss://h:6390", u.toString());
        assertTrue(RedisUri.parse("REDISS://h").tls());
    }

    @Test
    void userInfoWithoutColonIsAPasswordAndAnEmptyUserIsTheDefaultUser() {
        RedisUri u = RedisUri.parse("redis://pw@h");
        assertEquals("pw", u.password());
        assertEquals(null, u.username());
        RedisUri v = RedisUri.parse("redis://:pw@h");
        assertEquals("pw", v.password());
        assertEquals(null, v.username());
    }

    @Test
    void percentDecodesUserAndPassword() {
        RedisUri u = RedisUri.parse("redis://us%65r:p%40ss%3Aw%C3%B6rd@h");
        assertEquals("user", u.username());
        assertEquals("p@ss:w\u00f6rd", u.password());
    }

    @Test
    void passwordMayContainAnAtSign() {
        assertEquals("p@ss", RedisUri.parse("redis://u:p@ss@h:1").password());
    }

    @Test
    void acceptsTheFormWithoutScheme() {
        assertEquals(new RedisUri(false, "10.0.0.5", 7000, 0, null, null), RedisUri.parse("10.0.0.5:7000"));
        assertEquals(new RedisUri(false, "h", 1, 3, "u", "p"), RedisUri.parse("u:p@h:1/3"));
    }

    @Test
    void parsesBracketedIpv6() {
        RedisUri u = RedisUri.parse("redis://[::1]:6380");
        assertEquals("::1", u.host());
        assertEquals(6380, u.port());
        assertEquals("[::1]:6380", u.address());
        assertEquals("::1", RedisUri.parse("[::1]").host());
    }

    @Test
    void toStringMasksThePassword() {
        String s = RedisUri.parse("redis://alice:s3cret@h:1/2").toString();
        assertEquals("redis://alice:***@h:1/2", s);
        assertEquals("redis://:***@h:1", RedisUri.parse("redis://s3cret@h:1").toString());
        assertFalse(ConnectionSettings.of("redis://u:s3cret@h").withCredentials(null, "other").toString()
            .contains("other"));
    }

    @Test
    void badUrisGiveOneClearMessageWithoutThePassword() {
        assertEquals("unsupported scheme 'http' in http://h: expected redis:// or rediss://", error("http://h"));
        assertEquals("bad port 'x' in redis://h:x: expected a port 1-65535", error("redis://h:x"));
        assertEquals("bad port '70000' in redis://h:70000: expected a port 1-65535", error("redis://h:70000"));
        assertEquals("bad port '0' in redis://h:0: expected a port 1-65535", error("redis://h:0"));
        assertEquals("bad database 'a' in redis://h/a: expected a database number 0 or more", error("redis://h/a"));
        assertEquals("no host in redis://u:***@:1: expected redis://host[:port]", error("redis://u:secret@:1"));
        assertEquals("IPv6 address without brackets in ::1:6379: expected [address]:port", error("::1:6379"));
        assertEquals("unclosed '[' in redis://[::1: expected [IPv6]:port", error("redis://[::1"));
        assertEquals("bad percent escape in the password of redis://u:***@h: expected %XX with two hex digits",
            error("redis://u:p%4@h"));
        assertEquals("query or fragment in redis://h?timeout=1: not supported", error("redis://h?timeout=1"));
        assertFalse(error("redis://u:topsecret@h:x").contains("topsecret"));
    }

    @Test
    void settingsOverrideTheUrisCredentials() {
        ConnectionSettings s = ConnectionSettings.of("redis://u:p@h").withCredentials("v", null);
        assertEquals("v", s.effectiveUsername());
        assertEquals("p", s.effectivePassword());
    }

    private static String error(String uri) {
        return assertThrows(IllegalArgumentException.class, () -> RedisUri.parse(uri)).getMessage();
    }
}
