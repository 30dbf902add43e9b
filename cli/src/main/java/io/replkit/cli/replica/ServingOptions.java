package io.replkit.cli.replica;

import io.replkit.cli.UsageException;
import io.replkit.replica.server.ServerOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Who may connect to start-replica's port and the limits it keeps, under Redis's config names and
 * with Redis 7.0's defaults. Sizes take Redis's units: {@code 1k} = 1000, {@code 1kb} = 1024, and
 * likewise m/mb, g/gb.
 */
public final class ServingOptions {
    public static final String REQUIREPASS_ENV = "REPLKIT_REQUIREPASS";

    @Option(names = "--requirepass", paramLabel = "PASSWORD",
        description = "Password of the default user (AUTH PASSWORD); else the " + REQUIREPASS_ENV
            + " environment variable; none by default.")
    String requirepass;

    @Option(names = "--acl-user", paramLabel = "NAME:PASSWORD",
        description = "A user clients may authenticate as (AUTH NAME PASSWORD, HELLO 3 AUTH NAME PASSWORD); repeatable.")
    List<String> aclUsers = List.of();

    @Option(names = "--protected-mode", paramLabel = "yes|no", defaultValue = "yes",
        description = "With no --requirepass, refuse clients from non-loopback addresses with -DENIED "
            + "(default: ${DEFAULT-VALUE}).")
    String protectedMode;

    @Option(names = "--maxclients", paramLabel = "N", defaultValue = "10000",
        description = "Most clients connected at once; more get an error and are closed (default: ${DEFAULT-VALUE}).")
    int maxClients;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
        description = "Close clients idle this long, except subscribers; 0 never (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--client-query-buffer-limit", paramLabel = "SIZE", defaultValue = "1gb",
        description = "Close a client whose unprocessed input grows past this (default: ${DEFAULT-VALUE}).")
    String queryBufferLimit;

    @Option(names = "--proto-max-bulk-len", paramLabel = "SIZE", defaultValue = "512mb",
        description = "Longest argument a client may send; longer is a protocol error (default: ${DEFAULT-VALUE}).")
    String protoMaxBulkLen;

    @Option(names = "--client-output-buffer-limit-pubsub", paramLabel = "'HARD SOFT SECONDS'",
        defaultValue = "32mb 8mb 60",
        description = "Close a subscriber whose pending output passes HARD, or stays over SOFT for SECONDS; 0 disables "
            + "either (default: '${DEFAULT-VALUE}'). Other clients are simply not read while they do not read.")
    String pubsubLimit;

    private Map<String, String> environment = System.getenv();

    /** Reads {@link #REQUIREPASS_ENV} from {@code env} instead of the process's environment (for tests). */
    ServingOptions withEnvironment(Map<String, String> env) {
        this.environment = env;
        return this;
    }

    /** The server's options; a {@link UsageException} for a value that does not parse or fit. */
    ServerOptions serverOptions(String bind, int port) {
        String pass = requirepass != null ? requirepass : environment.get(REQUIREPASS_ENV);
        if (pass != null && pass.isEmpty()) {
            pass = null;
        }
        Map<String, String> users = new LinkedHashMap<>();
        for (String u : aclUsers) {
            int colon = u.indexOf(':');
            if (colon <= 0) {
                throw new UsageException("--acl-user must be NAME:PASSWORD, not '" + u + "'");
            }
            String name = u.substring(0, colon);
            if (name.equals("default")) {
                throw new UsageException("--acl-user cannot redefine 'default': use --requirepass");
            }
            if (users.put(name, u.substring(colon + 1)) != null) {
                throw new UsageException("--acl-user " + name + " is given twice");
            }
        }
        boolean protect = switch (protectedMode.toLowerCase(Locale.ROOT)) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new UsageException("--protected-mode must be yes or no, not '" + protectedMode + "'");
        };
        if (maxClients < 1) {
            throw new UsageException("--maxclients must be at least 1, not " + maxClients);
        }
        if (timeoutSeconds < 0) {
            throw new UsageException("--timeout must be 0 or more seconds, not " + timeoutSeconds);
        }
        long qbuf = size("--client-query-buffer-limit", queryBufferLimit);
        long bulk = size("--proto-max-bulk-len", protoMaxBulkLen);
        if (qbuf < 1 || bulk < 1) {
            throw new UsageException("--client-query-buffer-limit and --proto-max-bulk-len must be at least 1 byte");
        }
        String[] parts = pubsubLimit.trim().split("[\\s,]+");
        if (parts.length != 3) {
            throw new UsageException("--client-output-buffer-limit-pubsub must be 'HARD SOFT SECONDS', not '"
                    + pubsubLimit + "'");
        }
        ServerOptions.OutputLimit pubsub = new ServerOptions.OutputLimit(
                size("--client-output-buffer-limit-pubsub", parts[0]),
                size("--client-output-buffer-limit-pubsub", parts[1]),
                number("--client-output-buffer-limit-pubsub", parts[2]));
        return new ServerOptions(bind, port, pass, ServerOptions.REPORTED_VERSION, users, protect, maxClients,
                timeoutSeconds, qbuf, bulk, pubsub);
    }

    /** Redis's {@code memtoll}: digits with an optional unit k, kb, m, mb, g, gb (any case). */
    static long size(String option, String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int digits = 0;
        while (digits < s.length() && Character.isDigit(s.charAt(digits))) {
            digits++;
        }
        long unit = switch (s.substring(digits)) {
            case "" , "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> throw new UsageException(option + ": '" + text + "' is not a size (like 512mb, 64kb, 1000)");
        };
        if (digits == 0) {
            throw new UsageException(option + ": '" + text + "' is not a size (like 512mb, 64kb, 1000)");
        }
        long n = number(option, s.substring(0, digits));
        if (n > Long.MAX_VALUE / unit) {
            throw new UsageException(option + ": '" + text + "' is too large");
        }
        return n * unit;
    }

    private static long number(String option, String text) {
        try {
            long n = Long.parseLong(text.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": '" + text + "' is not a whole number of 0 or more");
        }
    }
}
