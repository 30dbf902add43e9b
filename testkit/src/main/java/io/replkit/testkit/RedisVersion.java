package io.replkit.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A redis-server version such as {@code 7.0.15}, ordered numerically.
 *
 * @param major the major version (7 in 7.0.15)
 * @param minor the minor version (0 in 7.0.15)
 * @param patch the patch version (15 in 7.0.15; 0 when not given)
 */
public record RedisVersion(int major, int minor, int patch) implements Comparable<RedisVersion> {

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Pattern VERSION_OUTPUT = Pattern.compile("\\bv=(\\d+\\.\\d+(?:\\.\\d+)?)");

    public RedisVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("negative version part: " + major + "." + minor + "." + patch);
        }
    }

    /**
     * Parses {@code "7.0.15"} or {@code "7.0"} (patch 0).
     *
     * @throws IllegalArgumentException when the text is not such a version
     */
    public static RedisVersion parse(String text) {
        Matcher m = VERSION.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a redis version (want e.g. 7.0 or 7.0.15): " + text);
        }
        return new RedisVersion(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    /**
     * Parses the output of {@code redis-server --version}, e.g.
     * {@code Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=...}.
     *
     * @throws IllegalArgumentException when the output has no {@code v=X.Y.Z}
     */
    public static RedisVersion parseVersionOutput(String output) {
        Matcher m = VERSION_OUTPUT.matcher(output == null ? "" : output);
        if (!m.find()) {
            throw new IllegalArgumentException("no 'v=X.Y.Z' in redis-server --version output: " + output);
        }
        return parse(m.group(1));
    }

    /** True when this version is {@code major.minor} or newer (7.0.15 is at least 7.0). */
    public boolean atLeast(int major, int minor) {
        return atLeast(major, minor, 0);
    }

    /** True when this version is {@code major.minor.patch} or newer. */
    public boolean atLeast(int major, int minor, int patch) {
        return compareTo(new RedisVersion(major, minor, patch)) >= 0;
    }

    /** True when this version is {@code other} or newer. */
    public boolean atLeast(RedisVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(RedisVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Integer.compare(patch, o.patch);
        }
        return c;
    }

    /** {@code "7.0.15"}. */
    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
