package io.replkit.rdb;

import java.io.IOException;

/**
 * The one error the RDB reader and decoders raise for malformed input: what was read, what was
 * expected, the absolute byte offset, and (when known) the record or key being read.
 *
 * <p>Decoders of embedded blobs (listpack, ziplist, ...) report offsets relative to the blob;
 * the reader {@linkplain #relocate relocates} them to file offsets and adds the key context.
 */
public class RdbFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final long offset;
    private final String context;

    public RdbFormatException(String problem, long offset) {
        this(problem, offset, null, null);
    }

    public RdbFormatException(String problem, long offset, String context, Throwable cause) {
        super(format(problem, offset, context), cause);
        this.problem = problem;
        this.offset = offset;
        this.context = context;
    }

    private static String format(String problem, long offset, String context) {
        StringBuilder sb = new StringBuilder(problem);
        if (offset >= 0) {
            sb.append(" at offset ").append(offset);
        }
        if (context != null) {
            sb.append(" (reading ").append(context).append(')');
        }
        return sb.toString();
    }

    /** What went wrong, without offset or context. */
    public String problem() {
        return problem;
    }

    /** Absolute byte offset of the problem, or -1 when unknown. */
    public long offset() {
        return offset;
    }

    /** The record or key being read, or null. */
    public String context() {
        return context;
    }

    /**
     * The same problem with its offset shifted by {@code base} (the position of the blob the
     * offset was relative to) and the given context, unless one is already set.
     */
    public RdbFormatException relocate(long base, String newContext) {
        return new RdbFormatException(problem, offset < 0 ? base : base + offset,
                context != null ? context : newContext, this.getCause() != null ? this.getCause() : this);
    }

    /** The same problem with a context added, unless one is already set. */
    public RdbFormatException withContext(String newContext) {
        if (context != null || newContext == null) {
            return this;
        }
        return new RdbFormatException(problem, offset, newContext, this);
    }
}
