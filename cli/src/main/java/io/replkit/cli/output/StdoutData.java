package io.replkit.cli.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command's data on standard output: one buffered byte stream that JSON, RDB and RESP go into
 * directly, with text through a writer on top of it.
 */
public final class StdoutData {
    /** Generators made by it leave the stream open: it outlives each of them. */
    public static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private StdoutData() {
    }

    /**
     * Standard output buffered by 64 KB, after flushing picocli's writer so that nothing it holds
     * lands after the data.
     */
    public static BufferedOutputStream open(CommandSpec spec, OutputStream stdout) {
        spec.commandLine().getOut().flush();
        return new BufferedOutputStream(stdout, 1 << 16);
    }

    /** A UTF-8 writer on {@code os} that never flushes by itself. */
    public static PrintWriter text(OutputStream os) {
        return new PrintWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), false);
    }
}
