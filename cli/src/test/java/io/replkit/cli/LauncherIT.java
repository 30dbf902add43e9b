package io.replkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The repository's {@code ./replkit} launcher (run after {@code package}, so it finds a fresh jar and
 * does not build): its JIT setting for the one-pass rdb-* commands, which the benchmarks rely on.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "replkit");
    private static final Pattern FREQ_INLINE = Pattern.compile("FreqInlineSize\\s*=\\s*(\\d+)");

    @Test
    void rdbFileCommandsRunWithTheSmallerInliningBudget() throws Exception {
        assertEquals("100", freqInlineSize("", "rdb-inspect", "--help"));
        assertEquals("100", freqInlineSize("", "--stacktrace", "rdb-convert", "--help"));
    }

    @Test
    void longRunningCommandsKeepTheJvmDefault() throws Exception {
        assertEquals("325", freqInlineSize("", "start-replica", "--help"));
        assertEquals("325", freqInlineSize("", "repl-tail", "--help"));
    }

    @Test
    void replkitJavaOptsOverridesTheLaunchersSetting() throws Exception {
        assertEquals("200", freqInlineSize("-XX:FreqInlineSize=200", "rdb-inspect", "--help"));
    }

    private static String freqInlineSize(String extraOpts, String... args) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is not executable");
        String[] cmd = new String[args.length + 1];
        cmd[0] = LAUNCHER.toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("REPLKIT_JAVA_OPTS", ("-XX:+PrintFlagsFinal " + extraOpts).trim());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(!out.contains("replkit: building"), "the launcher rebuilt the jar: " + out);
        Matcher m = FREQ_INLINE.matcher(out);
        assertTrue(m.find(), "no FreqInlineSize in -XX:+PrintFlagsFinal output");
        return m.group(1);
    }
}
