package io.replkit.replica.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.replkit.replica.apply.CommandApplier;
import io.replkit.replica.data.Dataset;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A port that cannot be listened on is one IOException naming the address (the CLI prints it as is). */
class ListenFailureTest {

    @Test
    void aPortInUseIsReportedWithItsAddress() throws IOException {
        Dataset ds = new Dataset();
        ServedDataset served = new ServedDataset(ds, new CommandApplier(ds).readLock());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            IOException e = assertThrows(IOException.class,
                () -> ReplicaServer.start(served, new ReplicationState(), ServerOptions.of("127.0.0.1", port)).close());
            assertEquals("cannot listen on 127.0.0.1:" + port + ": Address already in use", e.getMessage());
        }
    }
}
