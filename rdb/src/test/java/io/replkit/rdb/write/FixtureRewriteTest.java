package io.replkit.rdb.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.rdb.RdbEnd;
import io.replkit.rdb.RdbHeader;
import io.replkit.rdb.RdbLimits;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real-server fixture, rewritten for every target version: the reader finds the same content. */
class FixtureRewriteTest {

    static Stream<Arguments> fixturesAndTargets() {
        List<Arguments> args = new ArrayList<>();
        for (Path dump : Fixtures.dumps()) {
            for (int v = RdbTarget.MIN_VERSION; v <= RdbTarget.MAX_VERSION; v++) {
                for (boolean compress : new boolean[] {true, false}) {
                    args.add(Arguments.of(Fixtures.name(dump), v, compress));
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} to RDB {1}, compress {2}")
    @MethodSource("fixturesAndTargets")
    void rewriteKeepsEveryRepresentableKeyAndRefusesTheRest(String fixture, int version, boolean compress) throws IOException {
        Path dump = Fixtures.dump(fixture);
        byte[] source = Files.readAllBytes(dump);
        RdbWriterOptions options = RdbWriterOptions.defaults(RdbTarget.version(version)).withCompress(compress);
        Fixtures.Rewrite rw = Fixtures.rewrite(source, options);

        List<String> reread = LogicalContent.of(rw.rdb(), Fixtures.level(dump, version), version >= 9);
        assertEquals(rw.expected(), reread);
        // Whatever the source held and the target can hold was written: every key is either there or refused.
        int sourceKeys = LogicalContent.of(source, 1, false).size();
        assertEquals(sourceKeys, reread.size() + rw.refused().size(), "keys and functions written + refused");

        try (RdbReader r = new RdbReader(new ByteArrayInputStream(rw.rdb()), rw.rdb().length, RdbLimits.DEFAULT)) {
            RdbRecord first = r.next();
            assertEquals(version, ((RdbHeader) first).version());
            RdbRecord last = first;
            for (RdbRecord rec; (rec = r.next()) != null; ) {
                last = rec;
            }
            assertEquals(RdbEnd.ChecksumStatus.VERIFIED, ((RdbEnd) last).status());
        }
        if (version >= 12 || Fixtures.rdbVersion(dump) <= version) {
            assertTrue(rw.refused().isEmpty(), () -> "refused: " + rw.refused());
        }
    }
}
