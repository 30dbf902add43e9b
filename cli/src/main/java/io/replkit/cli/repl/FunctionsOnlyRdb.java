package io.replkit.cli.repl;

import io.replkit.rdb.AuxField;
import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.RdbHeader;
import io.replkit.rdb.RdbOpcode;
import io.replkit.rdb.encoding.Crc64;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the RDB of {@code dump --functions-only}: the source's header and aux fields, its
 * function libraries, and EOF with a fresh CRC64 — what Redis 7's
 * {@code REPLCONF rdb-filter-only functions} produces. Strings are written raw (no LZF, no
 * integer encoding), which every reader accepts.
 */
final class FunctionsOnlyRdb {
    private final OutputStream out;
    private final byte[] scratch = new byte[9];
    private long crc;
    private boolean checksummed = true;

    FunctionsOnlyRdb(OutputStream out) {
        this.out = out;
    }

    void header(RdbHeader h) throws IOException {
        checksummed = h.hasChecksum();
        write(h.magic().getBytes(StandardCharsets.ISO_8859_1));
    }

    void aux(AuxField a) throws IOException {
        writeByte(RdbOpcode.AUX.code());
        writeString(a.name().getBytes(StandardCharsets.UTF_8));
        writeString(a.value());
    }

    void function(FunctionLibrary f) throws IOException {
        writeByte(RdbOpcode.FUNCTION2.code());
        writeString(f.code());
    }

    void end() throws IOException {
        writeByte(RdbOpcode.EOF.code());
        if (checksummed) {
            long c = crc;
            for (int i = 0; i < 8; i++) {
                scratch[i] = (byte) (c >>> (8 * i));
            }
            out.write(scratch, 0, 8);
        }
        out.flush();
    }

    /** The RDB length encoding ({@code rdbSaveLen}) followed by the raw bytes. */
    private void writeString(byte[] s) throws IOException {
        long len = s.length;
        int n;
        if (len < 64) {
            scratch[0] = (byte) len;
            n = 1;
        } else if (len < 16384) {
            scratch[0] = (byte) (0x40 | (len >>> 8));
            scratch[1] = (byte) len;
            n = 2;
        } else {
            scratch[0] = (byte) 0x80;
            for (int i = 0; i < 4; i++) {
                scratch[1 + i] = (byte) (len >>> (24 - 8 * i));
            }
            n = 5;
        }
        write(scratch, n);
        write(s);
    }

    private void writeByte(int b) throws IOException {
        scratch[0] = (byte) b;
        write(scratch, 1);
    }

    private void write(byte[] b) throws IOException {
        write(b, b.length);
    }

    private void write(byte[] b, int len) throws IOException {
        crc = Crc64.update(crc, b, 0, len);
        out.write(b, 0, len);
    }
}
