package io.replkit.cli.repl;

import io.replkit.cli.UsageException;
import io.replkit.protocol.client.ConnectionSettings;
import java.time.Duration;

/** The connection settings of {@code --master URI}. */
final class MasterUri {
    private MasterUri() {
    }

    static ConnectionSettings settings(String uri) {
        if (uri == null) {
            throw new UsageException("--master URI is required");
        }
        try {
            return ConnectionSettings.of(uri).withReadTimeout(Duration.ofSeconds(60));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--master: " + e.getMessage());
        }
    }
}
