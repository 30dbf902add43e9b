package io.replkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code replkit --version}: project version, git commit and the Java runtime. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/replkit-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        String commit = resolved(p.getProperty("commit"), "unknown");
        if ("true".equals(resolved(p.getProperty("dirty"), "false"))) {
            commit += "-dirty";
        }
        return new String[] {
            "replkit " + resolved(p.getProperty("version"), "dev") + " (commit " + commit + ")",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
                + ", " + System.getProperty("java.vendor") + ")"
        };
    }

    /** Build properties stay as {@code ${...}} when the build could not resolve them. */
    private static String resolved(String value, String fallback) {
        return value == null || value.isEmpty() || value.startsWith("${") ? fallback : value;
    }
}
