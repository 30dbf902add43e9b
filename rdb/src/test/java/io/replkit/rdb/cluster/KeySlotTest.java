package io.replkit.rdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KeySlotTest {

    private static int slot(String key) {
        return KeySlot.of(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void crc16OfTheReferenceStringIs0x31C3() {
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x31C3, KeySlot.crc16(b, 0, b.length));
    }

    @Test
    void slotsRedisDocumentsForPlainKeys() {
        assertEquals(0x31C3 & 16383, slot("123456789"));
        assertEquals(12182, slot("foo"));
        assertEquals(5061, slot("bar"));
        assertEquals(0, slot(""));
    }

    @Test
    void keysWithTheSameHashTagShareASlot() {
        assertEquals(slot("{user1000}.following"), slot("{user1000}.followers"));
        assertEquals(slot("user1000"), slot("{user1000}.following"));
        assertEquals(slot("bar"), slot("foo{bar}{zap}"));
    }

    @Test
    void onlyTheFirstBraceAndTheNextClosingBraceCount() {
        // first '{' and the first '}' after it: the tag of "foo{{bar}}zap" is "{bar"
        assertEquals(slot("{bar"), slot("foo{{bar}}zap"));
        // "}" before the first "{" is not a tag end
        assertEquals(slot("x"), slot("}{x}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo{}{bar}", "{}", "abc{", "abc}def{", "{unclosed"})
    void anEmptyOrUnclosedTagMeansTheWholeKey(String key) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        assertEquals(KeySlot.crc16(b, 0, b.length) & 16383, KeySlot.of(b));
    }

    @Test
    void rangeOfABiggerArrayIsHashedAlone() {
        byte[] b = "xx{user1000}.followingyy".getBytes(StandardCharsets.US_ASCII);
        assertEquals(slot("{user1000}.following"), KeySlot.of(b, 2, b.length - 4));
    }

    /** The cluster fixtures' manifests give each key's slot as the server's CLUSTER KEYSLOT answered. */
    @ParameterizedTest
    @ValueSource(strings = {"redis-7.4.1-cluster", "valkey-8.0.1-cluster"})
    void everyKeyOfTheClusterFixturesHasTheSlotTheServerReported(String fixture) throws IOException {
        String manifest = read("/fixtures/" + fixture + "/manifest.json");
        Matcher m = Pattern.compile("\"key\":\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|\\{\\s*\"hex\":\\s*\"([0-9a-f]*)\"\\s*\\})"
            + "(?:(?!\"key\":).)*?\"slot\":\\s*(\\d+)", Pattern.DOTALL).matcher(manifest);
        int checked = 0;
        while (m.find()) {
            byte[] key = m.group(2) != null ? HexFormat.of().parseHex(m.group(2)) : unquote(m.group(1));
            assertEquals(Integer.parseInt(m.group(3)), KeySlot.of(key), new String(key, StandardCharsets.UTF_8));
            checked++;
        }
        assertTrue(checked >= 70, "only " + checked + " keys found in the manifest");
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = KeySlotTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A JSON string literal's bytes (UTF-8). */
    private static byte[] unquote(String literal) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = literal.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> sb.append(e);
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
