package io.replkit.protocol.client;

import java.nio.file.Path;

/**
 * How to speak TLS to a server ({@code rediss://}).
 *
 * @param caFile         PEM file of the certificate authorities to trust; null for the JVM's default
 *                       trust store
 * @param certFile       PEM client certificate (chain) for mutual TLS, or null
 * @param keyFile        PEM private key of {@code certFile}: PKCS#8 ({@code BEGIN PRIVATE KEY}),
 *                       PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}),
 *                       unencrypted
 * @param insecure       trust any server certificate and name: verification is skipped, encryption
 *                       still happens (only when asked for)
 * @param serverName     the name sent as SNI and checked against the certificate; null for the
 *                       URI's host
 * @param verifyHostname whether the certificate must name the server (its DNS name or IP address);
 *                       ignored when {@code insecure}
 */
public record TlsSettings(Path caFile, Path certFile, Path keyFile, boolean insecure, String serverName,
                          boolean verifyHostname) {

    /** The JVM's trust store, no client certificate, host name verified. */
    public static final TlsSettings DEFAULT = new TlsSettings(null, null, null, false, null, true);

    public TlsSettings {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("a client certificate needs both a certificate file and a key file");
        }
    }

    public TlsSettings withCaFile(Path f) {
        return new TlsSettings(f, certFile, keyFile, insecure, serverName, verifyHostname);
    }

    public TlsSettings withClientCertificate(Path cert, Path key) {
        return new TlsSettings(caFile, cert, key, insecure, serverName, verifyHostname);
    }

    public TlsSettings withInsecure(boolean b) {
        return new TlsSettings(caFile, certFile, keyFile, b, serverName, verifyHostname);
    }

    public TlsSettings withServerName(String name) {
        return new TlsSettings(caFile, certFile, keyFile, insecure, name, verifyHostname);
    }

    public TlsSettings withVerifyHostname(boolean b) {
        return new TlsSettings(caFile, certFile, keyFile, insecure, serverName, b);
    }
}
