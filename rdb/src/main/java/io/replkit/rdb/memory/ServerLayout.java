package io.replkit.rdb.memory;

/**
 * The struct sizes and encoding rules of one Redis version line (64-bit build), as far as they
 * change what a key costs. Versions older than 4.0 are treated as 4.0 and newer than 7.4 as 7.4.
 */
record ServerLayout(int major, int minor) {

    boolean atLeast(int maj, int min) {
        return major > maj || (major == maj && minor >= min);
    }

    /** Listpacks replaced ziplists in 7.0 (hashes, sorted sets, quicklist nodes). */
    boolean listpackBlobs() {
        return major >= 7;
    }

    /** Small lists are a bare listpack instead of a one-node quicklist since 7.2. */
    boolean listpackLists() {
        return atLeast(7, 2);
    }

    /** Elements of 1 GiB or more get a plain quicklist node of their own since 7.0. */
    boolean plainListNodes() {
        return major >= 7;
    }

    /** Scores are printed with the shortest round-tripping digits since 7.2 (fpconv). */
    boolean shortestScores() {
        return atLeast(7, 2);
    }

    /** {@code sizeof(dict)}: two dictht and privdata before 7.0, the slimmer struct since. */
    int dictStruct() {
        return major >= 7 ? 56 : 96;
    }

    /** {@code sizeof(quicklistNode)}: {@code sz} became a size_t in 7.0. */
    int quicklistNode() {
        return major >= 7 ? 40 : 32;
    }

    /** {@code sizeof(quicklist)}. */
    int quicklist() {
        return 40;
    }

    /** {@code sizeof(stream)}: first id, max deleted id and entries added came in 7.0. */
    int streamStruct() {
        return major >= 7 ? 80 : 40;
    }

    /** {@code sizeof(streamCG)}: entries_read came in 7.0. */
    int streamGroup() {
        return major >= 7 ? 40 : 32;
    }

    /** {@code sizeof(streamConsumer)}: active_time came in 7.2. */
    int streamConsumer() {
        return atLeast(7, 2) ? 32 : 24;
    }

    /**
     * What {@code _quicklistNodeAllowInsert} adds to the node size and the element length before
     * comparing with the fill limit: a fixed 8 since 7.0, the ziplist header estimate before.
     */
    long quicklistInsertOverhead(long elementLength) {
        if (major >= 7) {
            return 8;
        }
        int overhead = elementLength < 254 ? 1 : 5;
        overhead += elementLength < 64 ? 1 : elementLength < 16384 ? 2 : 5;
        return overhead;
    }

    static ServerLayout of(int major, int minor) {
        if (major < 4) {
            return new ServerLayout(4, 0);
        }
        if (major > 7 || (major == 7 && minor > 4)) {
            return new ServerLayout(7, 4);
        }
        return new ServerLayout(major, minor);
    }
}
