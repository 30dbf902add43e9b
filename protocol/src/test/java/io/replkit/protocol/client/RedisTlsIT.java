package io.replkit.protocol.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.replkit.protocol.resp.RespValue;
import io.replkit.testkit.RedisBinary;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** rediss:// against real servers started with tls-port; skipped for a binary built without TLS. */
class RedisTlsIT {

    @TempDir
    static Path certDir;
    static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        assumeTrue(TestCertificates.opensslAvailable(), "no openssl command");
        certs = TestCertificates.create(certDir);
    }

    @RedisTest
    void connectsWithTheCaFile(RedisBinary binary) throws Exception {
        try (TlsServer s = TlsServer.start(binary, false);
             RedisConnection c = RedisConnection.open(s.settings(TlsSettings.DEFAULT.withCaFile(certs.caCert)))) {
            assertTrue(c.isTls());
            assertEquals(RespValue.PONG, c.call("PING"));
            assertEquals(RespValue.OK, c.call("SET", "over", "tls"));
            assertEquals(RespValue.bulk("tls"), c.call("GET", "over"));
        }
    }

    @RedisTest
    void verifiesTheHostNameByDnsNameToo(RedisBinary binary) throws Exception {
        try (TlsServer s = TlsServer.start(binary, false)) {
            ConnectionSettings byName = ConnectionSettings.of("rediss://localhost:" + s.tlsPort)
                .withTls(TlsSettings.DEFAULT.withCaFile(certs.caCert));
            try (RedisConnection c = RedisConnection.open(byName)) {
                assertEquals(RespValue.PONG, c.call("PING"));
            }
            ConnectionSettings wrongName = s.settings(TlsSettings.DEFAULT.withCaFile(certs.caCert)
                .withServerName("redis.example.com"));
            RedisConnectionException e = assertThrows(RedisConnectionException.class,
                () -> RedisConnection.open(wrongName));
            assertTrue(e.getMessage().startsWith("TLS handshake with 127.0.0.1:" + s.tlsPort + " failed: "),
                e.getMessage());
        }
    }

    @RedisTest
    void refusesAServerItCannotVerify(RedisBinary binary) throws Exception {
        try (TlsServer s = TlsServer.start(binary, false)) {
            RedisConnectionException e = assertThrows(RedisConnectionException.class,
                () -> RedisConnection.open(s.settings(TlsSettings.DEFAULT)));
            assertEquals("TLS handshake with 127.0.0.1:" + s.tlsPort
                + " failed: the server's certificate is not signed by a trusted CA", e.getMessage());
            e = assertThrows(RedisConnectionException.class,
                () -> RedisConnection.open(s.settings(TlsSettings.DEFAULT.withCaFile(certs.otherCaCert))));
            assertTrue(e.getMessage().contains("not signed by a trusted CA"), e.getMessage());
        }
    }

    @RedisTest
    void insecureSkipsVerificationOnlyWhenAsked(RedisBinary binary) throws Exception {
        try (TlsServer s = TlsServer.start(binary, false);
             RedisConnection c = RedisConnection.open(s.settings(TlsSettings.DEFAULT.withInsecure(true)))) {
            assertEquals(RespValue.PONG, c.call("PING"));
        }
    }

    @RedisTest
    void mutualTlsWithClientKeysInEveryPemForm(RedisBinary binary) throws Exception {
        try (TlsServer s = TlsServer.start(binary, true)) {
            TlsSettings ca = TlsSettings.DEFAULT.withCaFile(certs.caCert);
            for (Path[] certAndKey : new Path[][] {
                {certs.clientCert, certs.clientKeyPkcs8},
                {certs.clientCert, certs.clientKeyPkcs1},
                {certs.ecClientCert, certs.ecClientKey}}) {
                assertTrue(Files.readString(certAndKey[1]).contains("PRIVATE KEY"));
                try (RedisConnection c = RedisConnection.open(
                        s.settings(ca.withClientCertificate(certAndKey[0], certAndKey[1])))) {
                    assertEquals(RespValue.PONG, c.call("PING"), certAndKey[1].getFileName().toString());
                }
            }
            RedisConnectionException e = assertThrows(RedisConnectionException.class,
                () -> RedisConnection.open(s.settings(ca)));
            assertTrue(e.getMessage().startsWith("TLS handshake with 127.0.0.1:" + s.tlsPort + " failed: "),
                e.getMessage());
        }
    }

    /** A server with a plain port (for the testkit's readiness check) and a TLS port. */
    static final class TlsServer implements AutoCloseable {
        final RedisServer server;
        final int tlsPort;

        private TlsServer(RedisServer server, int tlsPort) {
            this.server = server;
            this.tlsPort = tlsPort;
        }

        static TlsServer start(RedisBinary binary, boolean requireClientCert) {
            int port = RedisServer.freePort();
            try {
                return new TlsServer(RedisServer.start(binary, certs.serverConfig(port, requireClientCert)), port);
            } catch (IllegalStateException e) {
                String m = e.getMessage();
                // a build without TLS rejects the tls-* directives
                assumeTrue(!(m.contains("tls-port") || m.contains("TLS")), binary + " has no TLS: " + firstLine(m));
                throw e;
            }
        }

        ConnectionSettings settings(TlsSettings tls) {
            return ConnectionSettings.of("rediss://127.0.0.1:" + tlsPort).withTls(tls);
        }

        @Override
        public void close() {
            server.close();
        }

        private static String firstLine(String s) {
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl);
        }
    }
}
