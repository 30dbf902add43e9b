package io.replkit.protocol.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Certificates and unencrypted private keys from PEM files, as OpenSSL writes them: PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) and SEC1 EC ({@code EC PRIVATE KEY}),
 * the last two rewrapped as PKCS#8 for the JDK.
 */
final class PemFiles {

    private static final byte[] RSA_ENCRYPTION_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
        0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] DER_NULL = {0x05, 0x00};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private PemFiles() {
    }

    static List<Certificate> certificates(Path file) throws IOException {
        byte[] pem = read(file, "certificate");
        try (InputStream in = new java.io.ByteArrayInputStream(pem)) {
            List<Certificate> certs = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certs.isEmpty()) {
                throw new IOException("no certificate in " + file);
            }
            return certs;
        } catch (CertificateException e) {
            throw new IOException("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(Path file) throws IOException {
        String text = new String(read(file, "key"), StandardCharsets.US_ASCII);
        if (text.contains("ENCRYPTED")) {
            throw new IOException("the private key in " + file + " is encrypted: give an unencrypted key");
        }
        byte[] pkcs8;
        List<String> algorithms;
        byte[] der;
        if ((der = block(text, "PRIVATE KEY")) != null) {
            pkcs8 = der;
            algorithms = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");
        } else if ((der = block(text, "RSA PRIVATE KEY")) != null) {
            pkcs8 = sequence(VERSION_0, sequence(RSA_ENCRYPTION_OID, DER_NULL), tlv(0x04, der));
            algorithms = List.of("RSA");
        } else if ((der = block(text, "EC PRIVATE KEY")) != null) {
            byte[] curve = sec1Curve(der, file);
            pkcs8 = sequence(VERSION_0, sequence(EC_PUBLIC_KEY_OID, curve), tlv(0x04, der));
            algorithms = List.of("EC");
        } else {
            throw new IOException("no PEM private key in " + file
                    + ": expected BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY");
        }
        GeneralSecurityException last = null;
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new IOException("cannot read the private key in " + file + ": " + last.getMessage(), last);
    }

    private static byte[] read(Path file, String what) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("no such " + what + " file: " + file, e);
        }
    }

    /** The DER bytes of the first {@code -----BEGIN label-----} block, or null. */
    private static byte[] block(String text, String label) throws IOException {
        String begin = "-----BEGIN " + label + "-----";
        int from = text.indexOf(begin);
        if (from < 0) {
            return null;
        }
        String end = "-----END " + label + "-----";
        int to = text.indexOf(end, from);
        if (to < 0) {
            throw new IOException("PEM block '" + label + "' has no END line");
        }
        String body = text.substring(from + begin.length(), to).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IOException("PEM block '" + label + "' is not valid base64", e);
        }
    }

    /** The curve OID (a whole TLV) from the {@code [0]} parameters of a SEC1 ECPrivateKey. */
    private static byte[] sec1Curve(byte[] der, Path file) throws IOException {
        int[] pos = {0};
        int seqLen = readHeader(der, pos, 0x30, file);
        int end = pos[0] + seqLen;
        while (pos[0] < end) {
            int tag = der[pos[0]] & 0xff;
            int len = readHeader(der, pos, tag, file);
            if (tag == 0xa0) {
                int[] inner = {pos[0]};
                int oidLen = readHeader(der, inner, 0x06, file);
                byte[] oid = new byte[inner[0] - pos[0] + oidLen];
                System.arraycopy(der, pos[0], oid, 0, oid.length);
                return oid;
            }
            pos[0] += len;
        }
        throw new IOException("the EC private key in " + file + " does not name its curve");
    }

    /** Reads a DER tag and length at pos[0]; leaves pos[0] at the content. */
    private static int readHeader(byte[] der, int[] pos, int expectedTag, Path file) throws IOException {
        int p = pos[0];
        if (p + 2 > der.length || (der[p] & 0xff) != expectedTag) {
            throw new IOException("malformed DER in the private key of " + file);
        }
        int len = der[p + 1] & 0xff;
        p += 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 3 || p + n > der.length) {
                throw new IOException("malformed DER length in the private key of " + file);
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = len << 8 | (der[p++] & 0xff);
            }
        }
        if (p + len > der.length) {
            throw new IOException("truncated DER in the private key of " + file);
        }
        pos[0] = p;
        return len;
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
