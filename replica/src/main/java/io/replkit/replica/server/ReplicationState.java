package io.replkit.replica.server;

/**
 * What INFO replication and ROLE report: the replica's link to its master, kept current by
 * whoever feeds the dataset (start-replica's session glue). Fields are volatile: one writer, many
 * reading client threads.
 */
public final class ReplicationState {
    /** ROLE's link states, as Redis names them. */
    public enum Link {
        CONNECT("connect"), CONNECTING("connecting"), HANDSHAKE("handshake"), SYNC("sync"), CONNECTED("connected");

        final String roleName;

        Link(String roleName) {
            this.roleName = roleName;
        }
    }

    public static final String NO_REPLID = "0000000000000000000000000000000000000000";

    private volatile String masterHost = "?";
    private volatile int masterPort;
    private volatile Link link = Link.CONNECT;
    private volatile long lastIoMs;
    private volatile long linkDownSinceMs = System.currentTimeMillis();
    private volatile String replId = NO_REPLID;
    private volatile long offset;
    private volatile long unknownCommands;
    private volatile long syncBytesRead;
    private volatile int masterMajor;
    private volatile int masterMinor;
    private volatile boolean fpconvDoubles;

    public void master(String host, int port) {
        this.masterHost = host;
        this.masterPort = port;
    }

    /** The master's version, where it changes what the replica computes (DEBUG DIGEST's score format). */
    public void masterVersion(int major, int minor) {
        this.masterMajor = major;
        this.masterMinor = minor;
        this.fpconvDoubles = io.replkit.replica.digest.ScoreFormat.usesFpconv(major, minor);
    }

    /**
     * Whether replies print doubles as Redis 7.2+ does ({@code d2string}: integers plainly up to
     * 2^62, else {@code fpconv_dtoa}) rather than 7.0's {@code "%.17g"}: when the master is 7.2+.
     */
    public boolean fpconvDoubles() {
        return fpconvDoubles;
    }

    /** The master's major version, 0 when not known. */
    public int masterMajor() {
        return masterMajor;
    }

    public int masterMinor() {
        return masterMinor;
    }

    public String masterHost() {
        return masterHost;
    }

    public int masterPort() {
        return masterPort;
    }

    public Link link() {
        return link;
    }

    public void link(Link l) {
        if (l != Link.CONNECTED && link == Link.CONNECTED) {
            linkDownSinceMs = System.currentTimeMillis();
        }
        this.link = l;
    }

    public void touchIo() {
        lastIoMs = System.currentTimeMillis();
    }

    public long lastIoMs() {
        return lastIoMs;
    }

    public long linkDownSinceMs() {
        return linkDownSinceMs;
    }

    public String replId() {
        return replId;
    }

    public long offset() {
        return offset;
    }

    /** The master's replication id and the offset applied so far. */
    public void applied(String replId, long offset) {
        this.replId = replId;
        this.offset = offset;
    }

    public void offset(long offset) {
        this.offset = offset;
    }

    public long unknownCommands() {
        return unknownCommands;
    }

    public void countUnknownCommand() {
        unknownCommands++;
    }

    public long syncBytesRead() {
        return syncBytesRead;
    }

    public void syncBytesRead(long n) {
        syncBytesRead = n;
    }
}
