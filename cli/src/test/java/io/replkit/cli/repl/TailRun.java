package io.replkit.cli.repl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replkit.cli.CommandRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** {@code replkit repl-tail ...} running in-process (a {@link CommandRun}), its output read as lines and JSON. */
final class TailRun implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandRun run;

    TailRun(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "repl-tail";
        System.arraycopy(args, 0, full, 1, args.length);
        run = new CommandRun(full);
    }

    String stderr() {
        return run.stderr();
    }

    byte[] stdoutBytes() {
        return run.stdoutBytes();
    }

    /** The complete lines printed so far. */
    List<String> lines() {
        String s = run.stdout();
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
        run.await(what, condition);
    }

    /** Stops the tail as Ctrl-C would and returns its exit code. */
    int stop() throws InterruptedException {
        run.<ReplTailCommand>command().stop();
        return waitFor();
    }

    int waitFor() throws InterruptedException {
        return run.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (run.isRunning()) {
            stop();
        }
    }
}
