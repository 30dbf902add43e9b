package io.replkit.protocol.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away CA, a server certificate for localhost / 127.0.0.1 and client certificates with
 * keys in the three PEM forms, made with the {@code openssl} command line.
 */
final class TestCertificates {

    final Path dir;
    final Path caCert;
    final Path serverCert;
    final Path serverKey;
    final Path clientCert;
    /** The client key as PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    final Path clientKeyPkcs8;
    /** The same RSA key as PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). */
    final Path clientKeyPkcs1;
    final Path ecClientCert;
    /** An EC key as SEC1 ({@code BEGIN EC PRIVATE KEY}). */
    final Path ecClientKey;
    /** A CA that signed nothing here. */
    final Path otherCaCert;

    private TestCertificates(Path dir) {
        this.dir = dir;
        caCert = dir.resolve("ca.crt");
        serverCert = dir.resolve("server.crt");
        serverKey = dir.resolve("server.key");
        clientCert = dir.resolve("client.crt");
        clientKeyPkcs8 = dir.resolve("client.key");
        clientKeyPkcs1 = dir.resolve("client-pkcs1.key");
        ecClientCert = dir.resolve("client-ec.crt");
        ecClientKey = dir.resolve("client-ec.key");
        otherCaCert = dir.resolve("other-ca.crt");
    }

    static boolean opensslAvailable() {
        try {
            return new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static TestCertificates create(Path dir) throws IOException, InterruptedException {
        TestCertificates c = new TestCertificates(dir);
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        c.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
            "-days", "2", "-subj", "/CN=replkit test CA");
        c.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.crt",
            "-days", "2", "-subj", "/CN=replkit other CA");
        c.openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
            "-subj", "/CN=localhost");
        c.sign("server.csr", "server.crt", "server.ext");
        c.openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr",
            "-subj", "/CN=replkit client");
        c.sign("client.csr", "client.crt", "client.ext");
        c.openssl("rsa", "-in", "client.key", "-traditional", "-out", "client-pkcs1.key");
        c.openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "client-ec.key");
        c.openssl("req", "-new", "-key", "client-ec.key", "-out", "client-ec.csr", "-subj", "/CN=replkit ec client");
        c.sign("client-ec.csr", "client-ec.crt", "client.ext");
        return c;
    }

    private void sign(String csr, String out, String ext) throws IOException, InterruptedException {
        openssl("x509", "-req", "-in", csr, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", out,
            "-days", "2", "-extfile", ext);
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }

    /** The redis.conf lines for a server speaking TLS on {@code tlsPort} with these certificates. */
    List<String> serverConfig(int tlsPort, boolean requireClientCert) {
        return List.of(
            "tls-port " + tlsPort,
            "tls-cert-file " + serverCert,
            "tls-key-file " + serverKey,
            "tls-ca-cert-file " + caCert,
            "tls-auth-clients " + (requireClientCert ? "yes" : "no"));
    }
}
