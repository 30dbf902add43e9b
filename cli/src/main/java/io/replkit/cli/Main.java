package io.replkit.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Entry point: builds the command line, maps failures to one stderr line and an exit code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs replkit with the process's standard streams; returns the exit code. */
    public static int execute(String... args) {
        CommandLine cl = newCommandLine(new FileOutputStream(FileDescriptor.out), System.err);
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        return code;
    }

    /** A command line writing to the process's streams (for the completion generator and help). */
    public static CommandLine newCommandLine() {
        return newCommandLine(System.out, System.err);
    }

    /**
     * The configured command line, shared by {@link #main} and tests: data goes to {@code out}
     * (as bytes, or through the command line's writer), messages to {@code err}.
     */
    public static CommandLine newCommandLine(OutputStream out, OutputStream err) {
        CommandLine cl = new CommandLine(new ReplkitCommand(out));
        cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), false));
        cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setExecutionExceptionHandler(EXECUTION_ERRORS);
        cl.setParameterExceptionHandler(USAGE_ERRORS);
        cl.setExitCodeExceptionMapper(t -> ExitCode.FAILURE);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        HelpLayout.install(cl);
        return cl;
    }

    private static final IParameterExceptionHandler USAGE_ERRORS = (ParameterException e, String[] args) -> {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("replkit: " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        err.flush();
        return ExitCode.USAGE;
    };

    private static final IExecutionExceptionHandler EXECUTION_ERRORS = (Exception e, CommandLine cmd, ParseResult pr) -> {
        PrintWriter err = cmd.getErr();
        if (isBrokenPipe(e)) {
            // stdout was closed by its reader (e.g. `| head`): it has what it wanted; say nothing
            return ExitCode.FAILURE;
        }
        if (wantsStacktrace(pr)) {
            e.printStackTrace(err);
        } else {
            err.println("replkit: " + oneLine(e));
        }
        err.flush();
        return e instanceof UsageException ? ExitCode.USAGE : ExitCode.FAILURE;
    };

    private static boolean isBrokenPipe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException && "Broken pipe".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static boolean wantsStacktrace(ParseResult pr) {
        for (ParseResult r = pr; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--stacktrace")) {
                return true;
            }
        }
        return false;
    }

    /** The message a user needs: the exception's own text, else its type, on one line. */
    static String oneLine(Throwable e) {
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            // the JDK's message is often the bare path ("/proc/x"): say what went wrong with it
            return fileProblem(fs);
        }
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = e.getClass().getSimpleName();
            if (e.getCause() != null && e.getCause().getMessage() != null) {
                msg += ": " + e.getCause().getMessage();
            }
        }
        return msg.replace('\n', ' ').replace('\r', ' ');
    }

    private static String fileProblem(FileSystemException e) {
        String why;
        if (e instanceof NoSuchFileException) {
            why = "no such file or directory";
        } else if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof FileAlreadyExistsException) {
            why = "already exists";
        } else if (e instanceof NotDirectoryException) {
            why = "not a directory";
        } else if (e.getReason() != null) {
            why = e.getReason().toLowerCase(Locale.ROOT);
        } else {
            why = e.getClass().getSimpleName();
        }
        String other = e.getOtherFile() == null ? "" : " -> " + e.getOtherFile();
        return (e.getFile() + other + ": " + why).replace('\n', ' ').replace('\r', ' ');
    }
}
