package io.replkit.cli;

/** Process exit codes shared by every replkit command. */
public final class ExitCode {
    /** The command did what was asked; for checks: nothing differs. */
    public static final int OK = 0;
    /** The command failed, or a check found a difference. */
    public static final int FAILURE = 1;
    /** The command line was wrong: unknown option, missing argument, bad value. */
    public static final int USAGE = 2;

    private ExitCode() {
    }
}
