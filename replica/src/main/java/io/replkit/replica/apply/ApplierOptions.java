package io.replkit.replica.apply;

import io.replkit.replica.data.EncodingRules;

/**
 * Master settings that change how a command's effect is computed: they must match the
 * master's for the dataset to stay identical.
 *
 * @param hllSparseMaxBytes the master's {@code hll-sparse-max-bytes} (3000 by default)
 * @param encodings         the master's encoding thresholds and version-specific encoding rules
 */
public record ApplierOptions(int hllSparseMaxBytes, EncodingRules encodings) {
    public static final ApplierOptions DEFAULTS = new ApplierOptions(3000, EncodingRules.REDIS_7);

    /** Defaults for a master of version {@code major.minor}. */
    public static ApplierOptions forVersion(int major, int minor) {
        return new ApplierOptions(3000, EncodingRules.forVersion(major, minor));
    }
}
