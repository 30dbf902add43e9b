package io.replkit.protocol.resp;

import java.io.IOException;

/**
 * The one error the RESP decoders raise for malformed input: what was read, the absolute byte
 * offset (counted from the first byte the decoder ever consumed) and what was expected, e.g.
 * {@code bad length '12x' at offset 57: expected digits and CRLF}.
 */
public class RespProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final long offset;
    private final String expected;

    public RespProtocolException(String problem, long offset, String expected) {
        super(problem + " at offset " + offset + (expected == null ? "" : ": expected " + expected));
        this.problem = problem;
        this.offset = offset;
        this.expected = expected;
    }

    /** What was read, without offset or expectation. */
    public String problem() {
        return problem;
    }

    /** Absolute byte offset of the problem. */
    public long offset() {
        return offset;
    }

    /** What the decoder expected instead, or null. */
    public String expected() {
        return expected;
    }
}
