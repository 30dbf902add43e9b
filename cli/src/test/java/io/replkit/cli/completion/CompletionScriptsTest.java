package io.replkit.cli.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.cli.CliRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The committed completion scripts are the ones the current command model generates. */
class CompletionScriptsTest {
    private static final Path COMPLETIONS = Path.of("..", "completions");

    @Test
    void committedBashScriptIsNotStale() throws IOException {
        assertEquals(CompletionScripts.bash(), Files.readString(COMPLETIONS.resolve(CompletionScripts.BASH_FILE)),
            "completions/replkit.bash is stale: rebuild (mvn package) and commit it");
    }

    @Test
    void committedZshScriptIsNotStale() throws IOException {
        assertEquals(CompletionScripts.zsh(), Files.readString(COMPLETIONS.resolve(CompletionScripts.ZSH_FILE)),
            "completions/_replkit is stale: rebuild (mvn package) and commit it");
    }

    @Test
    void bashAcceptsTheBashScript() throws Exception {
        Process p = new ProcessBuilder("bash", "-n", COMPLETIONS.resolve(CompletionScripts.BASH_FILE).toString())
            .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void generateCompletionPrintsTheScriptForEachShell() {
        assertEquals(CompletionScripts.bash(), CliRunner.run("generate-completion").stdout());
        assertEquals(CompletionScripts.zsh(), CliRunner.run("generate-completion", "--shell", "zsh").stdout());
    }

    @Test
    void completionsOfferTheSubcommandsAndTheirOptions() {
        String bash = CompletionScripts.bash();
        assertTrue(bash.contains("rdb-inspect"));
        assertTrue(bash.contains("--values"));
    }
}
