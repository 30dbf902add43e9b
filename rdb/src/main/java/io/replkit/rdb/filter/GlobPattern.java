package io.replkit.rdb.filter;

import java.nio.charset.StandardCharsets;

/**
 * A glob over raw bytes with the semantics of Redis's {@code stringmatchlen} (KEYS, SCAN MATCH):
 * {@code *}, {@code ?}, {@code [abc]}, {@code [^a-z]}, and {@code \} to escape.
 */
public final class GlobPattern {
    private final byte[] pattern;

    public GlobPattern(String pattern) {
        this(pattern.getBytes(StandardCharsets.UTF_8));
    }

    public GlobPattern(byte[] pattern) {
        this.pattern = pattern.clone();
    }

    public boolean matches(byte[] s) {
        return matches(s, 0, s.length);
    }

    /** Iterative matcher: single-byte tokens, backtracking only to the last {@code *}. */
    public boolean matches(byte[] s, int off, int len) {
        int p = 0, i = off, end = off + len;
        int starP = -1, starI = -1;
        while (i < end) {
            if (p < pattern.length && pattern[p] == '*') {
                while (p < pattern.length && pattern[p] == '*') {
                    p++;
                }
                if (p == pattern.length) {
                    return true;
                }
                starP = p;
                starI = i;
                continue;
            }
            int next = p < pattern.length ? matchOne(p, s[i]) : -1;
            if (next >= 0) {
                p = next;
                i++;
            } else if (starP >= 0) {
                p = starP;
                i = ++starI;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == '*') {
            p++;
        }
        return p == pattern.length;
    }

    /** Matches one token at p against byte c; returns the index after the token, or -1. */
    private int matchOne(int p, byte c) {
        byte t = pattern[p];
        if (t == '?') {
            return p + 1;
        }
        if (t == '\\' && p + 1 < pattern.length) {
            return pattern[p + 1] == c ? p + 2 : -1;
        }
        if (t != '[') {
            return t == c ? p + 1 : -1;
        }
        int q = p + 1;
        boolean negate = q < pattern.length && pattern[q] == '^';
        if (negate) {
            q++;
        }
        boolean match = false;
        int uc = c & 0xFF;
        while (q < pattern.length && pattern[q] != ']') {
            if (pattern[q] == '\\' && q + 1 < pattern.length) {
                match |= pattern[q + 1] == c;
                q += 2;
            } else if (q + 2 < pattern.length && pattern[q + 1] == '-' && pattern[q + 2] != ']') {
                int a = pattern[q] & 0xFF, b = pattern[q + 2] & 0xFF;
                match |= uc >= Math.min(a, b) && uc <= Math.max(a, b);
                q += 3;
            } else {
                match |= pattern[q] == c;
                q++;
            }
        }
        // Like Redis, an unterminated class ends at the pattern's end.
        int after = q < pattern.length ? q + 1 : q;
        return match != negate ? after : -1;
    }
}
