package io.replkit.cli.repl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.replkit.rdb.AuxField;
import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbEnd;
import io.replkit.rdb.RdbHeader;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionsOnlyRdbTest {

    private static List<RdbRecord> records(RdbReader r) throws IOException {
        List<RdbRecord> out = new ArrayList<>();
        for (RdbRecord rec; (rec = r.next()) != null; ) {
            out.add(rec);
        }
        return out;
    }

    @Test
    void keepsHeaderAuxAndFunctionsWithAValidChecksum() throws IOException {
        List<RdbRecord> source;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FunctionsOnlyRdb w = new FunctionsOnlyRdb(bytes);
        try (RdbReader r = RdbReader.open(Path.of("../examples/dataset.rdb"))) {
            source = records(r);
        }
        for (RdbRecord rec : source) {
            if (rec instanceof RdbHeader h) {
                w.header(h);
            } else if (rec instanceof AuxField a) {
                w.aux(a);
            } else if (rec instanceof FunctionLibrary f) {
                w.function(f);
            }
        }
        w.end();
        List<RdbRecord> copy = records(new RdbReader(new ByteArrayInputStream(bytes.toByteArray())));
        List<byte[]> srcFunctions = source.stream().filter(FunctionLibrary.class::isInstance)
            .map(r -> ((FunctionLibrary) r).code()).toList();
        List<byte[]> copyFunctions = copy.stream().filter(FunctionLibrary.class::isInstance)
            .map(r -> ((FunctionLibrary) r).code()).toList();
        assertEquals(1, srcFunctions.size());
        assertEquals(srcFunctions.size(), copyFunctions.size());
        assertArrayEquals(srcFunctions.get(0), copyFunctions.get(0));
        assertEquals(source.stream().filter(AuxField.class::isInstance).count(),
            copy.stream().filter(AuxField.class::isInstance).count());
        assertFalse(copy.stream().anyMatch(KeyEntry.class::isInstance));
        RdbEnd end = assertInstanceOf(RdbEnd.class, copy.get(copy.size() - 1));
        assertEquals(RdbEnd.ChecksumStatus.VERIFIED, end.status());
    }
}
