package io.replkit.replica.server;

import io.replkit.protocol.resp.RespProtocolException;

/**
 * Redis 7.0's words for a malformed request ({@code -ERR Protocol error: <text>}), from what the
 * protocol module's decoder found. Problems Redis has no word for keep the decoder's own description.
 */
final class ProtocolErrors {
    private ProtocolErrors() {
    }

    static String redisText(RespProtocolException e, boolean authenticated) {
        String p = e.problem();
        if (p.startsWith("command header longer")) {
            return "too big mbulk count string";
        }
        if (p.startsWith("argument header longer")) {
            return "too big bulk count string";
        }
        if (p.startsWith("inline command longer")) {
            return "too big inline request";
        }
        if (p.startsWith("unbalanced quotes") || p.startsWith("closing quote followed")) {
            return "unbalanced quotes in request";
        }
        if (p.startsWith("command of ")) {
            return authenticated ? "invalid multibulk length" : "unauthenticated multibulk length";
        }
        if (p.startsWith("argument length ")) {
            return authenticated ? "invalid bulk length" : "unauthenticated bulk length";
        }
        if (p.startsWith("bad argument count") || p.startsWith("negative argument count")) {
            return "invalid multibulk length";
        }
        if (p.startsWith("bad length") || p.startsWith("negative argument length")) {
            return "invalid bulk length";
        }
        if (p.startsWith("type byte ")) {
            return "expected '$', got '" + shownByte(p.substring("type byte ".length())) + "'";
        }
        return p;
    }

    /** The byte as the decoder showed it ({@code 'x'} or {@code 0x0a}), back as the character Redis prints. */
    private static char shownByte(String s) {
        if (s.startsWith("'") && s.length() >= 3) {
            return s.charAt(1);
        }
        if (s.startsWith("0x") && s.length() >= 4) {
            return (char) Integer.parseInt(s.substring(2, 4), 16);
        }
        return '?';
    }
}
