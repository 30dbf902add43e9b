package io.replkit.cli.completion;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replkit generate-completion}: prints the bash or zsh completion script. */
@Command(name = "generate-completion",
    mixinStandardHelpOptions = true,
    description = "Print the shell completion script for replkit.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  source <(replkit generate-completion)                 # bash, this shell only",
        "  replkit generate-completion --shell zsh > ~/.zfunc/_replkit"
    })
public final class GenerateCompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Option(names = "--shell", defaultValue = "bash", description = "bash or zsh (default: ${DEFAULT-VALUE}).")
    Shell shell;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(shell == Shell.zsh ? CompletionScripts.zsh() : CompletionScripts.bash());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
