package io.replkit.replica.sync;

/** What the replica does with a command it cannot apply (e.g. from a module): stop, or skip it. */
public enum UnknownCommandPolicy {
    /** Stop replicating: a replica that silently diverges is worse than one that stops. */
    STOP,
    /** Log it once by name, count it, and go on. */
    SKIP
}
