package io.replkit.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonBytesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsonBytes jsonBytes = new JsonBytes();

    @Test
    void everyAsciiByteAtEveryPositionOfAWordRoundTrips() throws IOException {
        for (int c = 0; c < 128; c++) {
            for (int len = 1; len <= 20; len++) {
                for (int pos = 0; pos < len; pos++) {
                    byte[] b = "abcdefghijklmnopqrstuvwxyz".substring(0, len).getBytes(StandardCharsets.US_ASCII);
                    b[pos] = (byte) c;
                    assertRoundTrips(b, 0, b.length);
                }
            }
        }
    }

    @Test
    void randomMixesOfPlainEscapedUtf8AndBinaryBytesRoundTrip() throws IOException {
        Random random = new Random(42);
        String alphabet = "ab\"\\\n\t\u0001\u001f \u007fé€😀";
        for (int round = 0; round < 20_000; round++) {
            byte[] b;
            if (round % 3 == 0) {
                b = new byte[random.nextInt(40)];
                random.nextBytes(b);
            } else {
                StringBuilder s = new StringBuilder();
                for (int i = random.nextInt(60); i > 0; i--) {
                    s.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
                }
                b = s.toString().getBytes(StandardCharsets.UTF_8);
            }
            int off = b.length == 0 ? 0 : random.nextInt(b.length + 1);
            assertRoundTrips(b, off, b.length - off);
        }
    }

    @Test
    void findsTheFirstSpecialByteWhenALaterOneBorrowsAcrossTheWord() {
        // 0x00 at index 9 makes the subtraction borrow into index 10; the first special is index 9.
        byte[] b = "abcdefghi\u0000 jk\"".getBytes(StandardCharsets.US_ASCII);
        assertEquals(9, JsonBytes.firstSpecial(b, 0, b.length));
        assertEquals(10 + 3, JsonBytes.firstSpecial(b, 10, b.length));
        assertEquals(b.length, JsonBytes.firstSpecial(b, 14, b.length));
    }

    private void assertRoundTrips(byte[] b, int off, int len) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartArray();
            jsonBytes.write(g, b, off, len);
            g.writeEndArray();
        }
        JsonNode parsed = MAPPER.readTree(out.toByteArray()).get(0);
        String utf8 = strictUtf8(b, off, len);
        if (utf8 != null) {
            assertEquals(utf8, parsed.textValue(), () -> "bytes " + HexFormat.of().formatHex(b, off, off + len));
        } else {
            assertEquals(HexFormat.of().formatHex(b, off, off + len), parsed.get("hex").textValue());
        }
    }

    private static String strictUtf8(byte[] b, int off, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
