package io.replkit.rdb;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** FUNCTION2 (since RDB 10): one function library's full source, shebang included. */
public record FunctionLibrary(byte[] code, long offset) implements RdbRecord {
    private static final Pattern SHEBANG = Pattern.compile("^#!(\\S+)(.*)");
    private static final Pattern NAME = Pattern.compile("(?:^|\\s)name=(\\S+)");

    public String codeAsString() {
        return new String(code, StandardCharsets.UTF_8);
    }

    private Matcher shebang() {
        String text = codeAsString();
        int nl = text.indexOf('\n');
        Matcher m = SHEBANG.matcher(nl < 0 ? text : text.substring(0, nl));
        return m.find() ? m : null;
    }

    /** The engine named in the shebang, upper-cased as FUNCTION LIST reports it ({@code LUA}), or null. */
    public String engine() {
        Matcher m = shebang();
        return m == null ? null : m.group(1).toUpperCase(java.util.Locale.ROOT);
    }

    /** The library name from the shebang's {@code name=} argument, or null. */
    public String name() {
        Matcher m = shebang();
        if (m == null) {
            return null;
        }
        Matcher n = NAME.matcher(m.group(2));
        return n.find() ? n.group(1) : null;
    }
}
