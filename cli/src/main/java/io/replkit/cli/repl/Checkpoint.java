package io.replkit.cli.repl;

import io.replkit.cli.output.AtomicFileOutput;
import io.replkit.protocol.repl.ReplicationId;
import io.replkit.protocol.repl.ReplicationOffset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * repl-tail's {@code --checkpoint FILE}: where the printed stream stopped, so the next run
 * continues with a partial resync. Three {@code name=value} lines:
 * <pre>
 * replid=8de9e3d6b7f1c1a7c1d5bb0e6f0e4c4b1c0d8e11
 * offset=123456
 * db=0
 * </pre>
 * {@code offset} is the end offset of the last command processed (printed or filtered out);
 * {@code db} the database selected at that point, -1 when not known. The file is replaced
 * atomically, so a crash leaves the previous checkpoint.
 */
public record Checkpoint(ReplicationOffset position, int db) {

    /** The checkpoint in {@code file}, or null when the file does not exist. */
    public static Checkpoint read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        try {
            ReplicationId id = ReplicationId.parse(require(fields, "replid"));
            long offset = Long.parseLong(require(fields, "offset"));
            int db = fields.containsKey("db") ? Integer.parseInt(fields.get("db")) : -1;
            return new Checkpoint(new ReplicationOffset(id, offset), db);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad checkpoint file " + file + ": " + e.getMessage());
        }
    }

    private static String require(Map<String, String> fields, String name) {
        String v = fields.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no " + name + "= line");
        }
        return v;
    }

    public void write(Path file) throws IOException {
        String text = "replid=" + position.replid() + "\noffset=" + position.offset() + "\ndb=" + db + "\n";
        try (AtomicFileOutput out = AtomicFileOutput.createKeptOnExit(file)) {
            out.stream().write(text.getBytes(StandardCharsets.UTF_8));
            out.commit();
        }
    }
}
