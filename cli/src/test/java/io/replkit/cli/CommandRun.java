package io.replkit.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;

/** A replkit command running in-process on its own thread, its output readable while it runs. */
public final class CommandRun implements AutoCloseable {
    private final Growing out = new Growing();
    private final Growing err = new Growing();
    private final CommandLine cl;
    private final String name;
    private final Thread thread;
    private volatile Integer exitCode;

    /** An OutputStream whose content can be read while it is written. */
    private static final class Growing extends OutputStream {
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

    /** Starts {@code replkit args...}; {@code args[0]} is the subcommand. */
    public CommandRun(String... args) {
        cl = Main.newCommandLine(out, err);
        name = args[0];
        thread = new Thread(() -> {
            int code = cl.execute(args);
            cl.getOut().flush();
            cl.getErr().flush();
            exitCode = code;
        }, "replkit-" + name);
        thread.start();
    }

    /** The subcommand's object, e.g. to call its stop(). */
    @SuppressWarnings("unchecked")
    public <T> T command() {
        return (T) cl.getSubcommands().get(name).getCommand();
    }

    public String stdout() {
        return out.text();
    }

    public byte[] stdoutBytes() {
        return out.toByteArray();
    }

    public String stderr() {
        return err.text();
    }

    public boolean isRunning() {
        return exitCode == null;
    }

    /** Waits (up to 60 s) for {@code condition}; fails when the command ends first. */
    public void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (exitCode != null) {
                fail(name + " exited with " + exitCode + " while waiting for " + what + "; stderr: " + stderr());
            }
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + "; stderr: " + stderr());
            }
            Thread.sleep(20);
        }
    }

    /** Waits (up to 60 s) for the command to end and returns its exit code. */
    public int waitFor() throws InterruptedException {
        thread.join(Duration.ofSeconds(60).toMillis());
        if (exitCode == null) {
            fail(name + " did not end; stderr: " + stderr());
        }
        return exitCode;
    }

    @Override
    public void close() throws InterruptedException {
        thread.join(Duration.ofSeconds(60).toMillis());
    }
}
