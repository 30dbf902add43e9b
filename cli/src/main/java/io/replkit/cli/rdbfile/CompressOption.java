package io.replkit.cli.rdbfile;

import io.replkit.rdb.write.RdbTarget;
import io.replkit.rdb.write.RdbWriterOptions;
import picocli.CommandLine.Option;

/** {@code --compress} / {@code --no-compress} of the commands that write RDB files, and the writer options it gives. */
public final class CompressOption {

    @Option(names = "--compress", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "LZF-compress strings as rdbcompression yes does (default: on; --no-compress to turn off).")
    boolean compress;

    /** The default writer options for {@code target}, compressing or not as asked. */
    RdbWriterOptions writerOptions(RdbTarget target) {
        return RdbWriterOptions.defaults(target).withCompress(compress);
    }
}
