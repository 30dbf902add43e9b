package io.replkit.replica.apply;

import io.replkit.replica.data.EncodingRules;

/**
 * Master settings that change how a command's effect is computed: they must match the
 * master's for the dataset to stay identical.
 *
 * @param hllSparseMaxBytes the master's {@code hll-sparse-max-bytes} (3000 by default)
 * @param encodings         the master's encoding thresholds and version-specific encoding rules
 * @param claimDropsDeletedEntries whether XCLAIM of a deleted entry removes it from the PEL (7.0+)
 */
public record ApplierOptions(int hllSparseMaxBytes, EncodingRules encodings, boolean claimDropsDeletedEntries) {
    public static final ApplierOptions DEFAULTS = new ApplierOptions(3000, EncodingRules.REDIS_7, true);

    /**
     * Defaults for a master of version {@code major.minor}. Since 7.0 XCLAIM removes PEL entries
     * whose stream entry was deleted; 6.2 claims them like any other.
     */
    public static ApplierOptions forVersion(int major, int minor) {
        return forVersion(major, minor, Integer.MAX_VALUE);
    }

    /** Defaults for a master of version {@code major.minor.patch} (some encoding rules changed in a patch release). */
    public static ApplierOptions forVersion(int major, int minor, int patch) {
        return new ApplierOptions(3000, EncodingRules.forVersion(major, minor, patch), major >= 7);
    }
}
