package io.replkit.replica.server;

import io.replkit.rdb.filter.GlobPattern;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE]. The replica keeps each library's code, not a Lua
 * engine, so function names, descriptions and flags are read from the code's
 * {@code redis.register_function} calls (both the positional and the table form).
 */
final class FunctionList {
    private FunctionList() {
    }

    static void register(CommandTable t) {
        t.container("function", -2)
                .sub("list", -2, true, FunctionList::list)
                .writeSub("load", -3).writeSub("delete", 3).writeSub("flush", -2).writeSub("restore", -3);
    }

    record Function(String name, String description, List<String> flags) {
    }

    private static final Pattern POSITIONAL =
            Pattern.compile("register_function\\s*\\(\\s*(['\"])([^'\"]+)\\1");
    private static final Pattern TABLE_START = Pattern.compile("register_function\\s*\\{");
    private static final Pattern FIELD = Pattern.compile("(function_name|description)\\s*=\\s*(['\"])([^'\"]*)\\2");
    private static final Pattern FLAGS = Pattern.compile("flags\\s*=\\s*\\{([^}]*)\\}");
    private static final Pattern STRING = Pattern.compile("(['\"])([^'\"]*)\\1");

    static List<Function> functions(String code) {
        List<Function> out = new ArrayList<>();
        Matcher m = POSITIONAL.matcher(code);
        while (m.find()) {
            out.add(new Function(m.group(2), null, List.of()));
        }
        Matcher t = TABLE_START.matcher(code);
        while (t.find()) {
            String body = balanced(code, t.end());
            String name = null;
            String description = null;
            Matcher f = FIELD.matcher(body);
            while (f.find()) {
                if (f.group(1).equals("function_name")) {
                    name = f.group(3);
                } else {
                    description = f.group(3);
                }
            }
            List<String> flags = new ArrayList<>();
            Matcher fl = FLAGS.matcher(body);
            if (fl.find()) {
                Matcher s = STRING.matcher(fl.group(1));
                while (s.find()) {
                    flags.add(s.group(2));
                }
            }
            if (name != null) {
                out.add(new Function(name, description, flags));
            }
        }
        return out;
    }

    /** The text from {@code from} up to the brace closing the one just before it (quotes respected). */
    private static String balanced(String code, int from) {
        int depth = 1;
        char quote = 0;
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return code.substring(from, i);
            }
        }
        return code.substring(from);
    }

    private static void list(Request r) {
        boolean withCode = false;
        GlobPattern pattern = null;
        for (int i = 2; i < r.argc(); i++) {
            if (r.argIs(i, "WITHCODE") && !withCode) {
                withCode = true;
            } else if (r.argIs(i, "LIBRARYNAME") && pattern == null && i + 1 < r.argc()) {
                pattern = new GlobPattern(r.arg(++i));
            } else {
                throw new ReplyError("ERR Unknown argument " + r.argString(i));
            }
        }
        List<Map.Entry<String, byte[]>> libs = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : r.dataset.functions().entrySet()) {
            if (pattern == null || pattern.matches(e.getKey().getBytes(StandardCharsets.UTF_8))) {
                libs.add(e);
            }
        }
        Reply o = r.reply;
        o.array(libs.size());
        for (Map.Entry<String, byte[]> lib : libs) {
            o.map(withCode ? 4 : 3);
            o.bulk("library_name");
            o.bulk(lib.getKey());
            o.bulk("engine");
            o.bulk("LUA");
            o.bulk("functions");
            List<Function> fns = functions(new String(lib.getValue(), StandardCharsets.UTF_8));
            o.array(fns.size());
            for (Function f : fns) {
                o.map(3);
                o.bulk("name");
                o.bulk(f.name());
                o.bulk("description");
                if (f.description() == null) {
                    o.nullBulk();
                } else {
                    o.bulk(f.description());
                }
                o.bulk("flags");
                o.set(f.flags().size());
                f.flags().forEach(o::simple);
            }
            if (withCode) {
                o.bulk("library_code");
                o.bulk(lib.getValue());
            }
        }
    }
}
