package io.replkit.cli.completion;

import io.replkit.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.AutoComplete;

/**
 * Shell completion scripts generated from the picocli command model. The build runs
 * {@link #main} to refresh {@code completions/}; a test fails when the committed files are stale.
 */
public final class CompletionScripts {
    public static final String BASH_FILE = "replkit.bash";
    public static final String ZSH_FILE = "_replkit";

    private CompletionScripts() {
    }

    public static String bash() {
        return AutoComplete.bash("replkit", Main.newCommandLine());
    }

    /** picocli's script also works in zsh through bashcompinit; wrap it as a zsh completion file. */
    public static String zsh() {
        return "#compdef replkit\n"
            + "# zsh completion for replkit, generated from the picocli model (bash script via bashcompinit).\n"
            + "autoload -U +X compinit && compinit\n"
            + "autoload -U +X bashcompinit && bashcompinit\n"
            + bash();
    }

    /** Writes both scripts into the given directory (temp file + rename), only when they changed. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "completions");
        Files.createDirectories(dir);
        write(dir.resolve(BASH_FILE), bash());
        write(dir.resolve(ZSH_FILE), zsh());
    }

    private static void write(Path file, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
            return;
        }
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
