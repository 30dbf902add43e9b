package io.replkit.cli.repl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replkit.cli.output.JsonBytes;
import io.replkit.cli.output.KeyJsonWriter;
import io.replkit.rdb.KeyEntry;
import io.replkit.protocol.resp.RespEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Prints the commands repl-tail keeps, one per line ({@code text}, {@code jsonl}) or as RESP.
 * Output is buffered; {@link #flush()} hands it to the stream (repl-tail flushes whenever it has
 * printed everything received so far, before it waits for more).
 *
 * <p>In {@code resp} the stream's own SELECTs are replaced by one before each command whose
 * database differs from the previous printed one, so the output stays replayable when filters drop
 * commands; {@code REPLCONF} (GETACK), which only a replica can answer, is never printed.
 */
final class CommandPrinter {
    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);

    private final TailFormat format;
    private final OutputStream out;
    private final JsonGenerator json;
    private final JsonBytes jsonBytes = new JsonBytes();
    private final CommandText.ByteSink line = new CommandText.ByteSink();
    private final ByteBuf resp = Unpooled.buffer(1 << 12);
    private int printedDb = -1;

    CommandPrinter(TailFormat format, OutputStream out, JsonFactory factory) throws IOException {
        this.format = format;
        this.out = out;
        json = factory.createGenerator(out);
        json.setRootValueSeparator(null);
        json.configure(StreamWriteFeature.FLUSH_PASSED_TO_STREAM.mappedFeature(), false);
    }

    /** One key of the snapshot as a JSON line (--snapshot inspect), in rdb-inspect's --values shape. */
    void printKey(KeyEntry k, KeyJsonWriter writer) throws IOException {
        writer.write(json, k, k.value());
        json.writeRaw('\n');
        json.flush();
    }

    /** Whether the command is printed at all in this format (before filters). */
    boolean prints(byte[][] args) {
        if (format != TailFormat.resp) {
            return true;
        }
        String name = CommandKeys.upper(args[0]);
        return !name.equals("SELECT") && !name.equals("REPLCONF");
    }

    void print(byte[][] args, long offset, int db, long timeMs) throws IOException {
        switch (format) {
            case text -> {
                line.reset();
                CommandText.write(args, line);
                line.put((byte) '\n');
                out.write(line.array(), 0, line.length());
            }
            case jsonl -> {
                json.writeStartObject();
                json.writeNumberField("offset", offset);
                json.writeFieldName("db");
                if (db >= 0) {
                    json.writeNumber(db);
                } else {
                    json.writeNull();
                }
                json.writeNumberField("time", timeMs);
                json.writeFieldName("command");
                json.writeStartArray();
                for (byte[] a : args) {
                    jsonBytes.write(json, a);
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeRaw('\n');
                json.flush();
            }
            case resp -> {
                resp.clear();
                if (db >= 0 && db != printedDb) {
                    RespEncoder.writeCommand(resp, SELECT, Integer.toString(db).getBytes(StandardCharsets.US_ASCII));
                    printedDb = db;
                }
                RespEncoder.writeCommand(resp, args);
                resp.readBytes(out, resp.readableBytes());
            }
        }
    }

    /** Writes everything printed so far to the output stream and flushes it. */
    void flush() throws IOException {
        json.flush();
        out.flush();
    }
}
