package io.replkit.cli.repl;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replkit.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;

/** {@code replkit repl-tail ...} running in-process on its own thread, with its output readable as it grows. */
final class TailRun implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Growing out = new Growing();
    private final Growing err = new Growing();
    private final CommandLine cl;
    private final Thread thread;
    private volatile Integer exitCode;

    /** An OutputStream whose content can be read while it is written. */
    static final class Growing extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized byte[] toByteArray() {
            return bytes.toByteArray();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    TailRun(String... args) {
        cl = Main.newCommandLine(out, err);
        String[] full = new String[args.length + 1];
        full[0] = "repl-tail";
        System.arraycopy(args, 0, full, 1, args.length);
        thread = new Thread(() -> {
            int code = cl.execute(full);
            cl.getOut().flush();
            cl.getErr().flush();
            exitCode = code;
        }, "repl-tail");
        thread.start();
    }

    String stderr() {
        return err.text();
    }

    byte[] stdoutBytes() {
        return out.toByteArray();
    }

    /** The complete lines printed so far. */
    List<String> lines() {
        String s = out.text();
        int end = s.lastIndexOf('\n');
        List<String> lines = new ArrayList<>();
        if (end < 0) {
            return lines;
        }
        for (String l : s.substring(0, end).split("\n", -1)) {
            lines.add(l);
        }
        return lines;
    }

    List<JsonNode> json() {
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines()) {
            try {
                out.add(JSON.readTree(l));
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + l, e);
            }
        }
        return out;
    }

    long lastOffset() {
        List<JsonNode> j = json();
        return j.isEmpty() ? -1 : j.get(j.size() - 1).get("offset").asLong();
    }

    void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (exitCode != null) {
                fail("repl-tail exited with " + exitCode + " while waiting for " + what + "; stderr: " + stderr());
            }
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + "; stderr: " + stderr());
            }
            Thread.sleep(20);
        }
    }

    /** Stops the tail as Ctrl-C would and returns its exit code. */
    int stop() throws InterruptedException {
        ((ReplTailCommand) cl.getSubcommands().get("repl-tail").getCommand()).stop();
        return waitFor();
    }

    int waitFor() throws InterruptedException {
        thread.join(Duration.ofSeconds(30).toMillis());
        if (exitCode == null) {
            fail("repl-tail did not end; stderr: " + stderr());
        }
        return exitCode;
    }

    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            stop();
        }
    }
}
