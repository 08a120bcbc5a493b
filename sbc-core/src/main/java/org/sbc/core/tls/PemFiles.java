package org.sbc.core.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and private keys (PKCS#8, or PKCS#1 and SEC1 through {@link TraditionalKeys}). Files are read once at
 * config load (so {@code check-config} catches a bad file) and again when the server starts.
 */
public final class PemFiles {

    /** A CA bundle such as /etc/ssl/certs/ca-certificates.crt is ~200 KB; a key is a few KB. */
    static final int MAX_FILE_BYTES = 1 << 20;

    /** Group 1: empty for PKCS#8, else RSA or EC; the same word must close the block. */
    private static final Pattern KEY = Pattern.compile(
            "-----BEGIN ((?:RSA |EC )?)PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1PRIVATE KEY-----");
    /** Tried in turn: PKCS#8 names its algorithm only by OID, and KeyFactory wants a name. */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

    private PemFiles() {}

    /** Every certificate in {@code file}; at least one. */
    public static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        byte[] bytes = read(file);
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            for (var certificate : factory.generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no PEM certificate found");
        }
        return certificates;
    }

    /** A trust store (in memory) holding every certificate of {@code caFile}: trust in it and nothing else. */
    public static KeyStore trustStore(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        List<X509Certificate> cas = certificates(caFile);
        for (int i = 0; i < cas.size(); i++) {
            trust.setCertificateEntry("ca-" + i, cas.get(i));
        }
        return trust;
    }

    /**
     * An unencrypted private key: PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC or EdDSA) or the
     * traditional forms openssl and certbot still write ({@code BEGIN RSA PRIVATE KEY}, PKCS#1;
     * {@code BEGIN EC PRIVATE KEY}, SEC1), which are rewrapped as PKCS#8 with Bouncy Castle's ASN.1.
     */
    public static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String text = new String(read(file), StandardCharsets.US_ASCII);
        Matcher matcher = KEY.matcher(text);
        if (!matcher.find()) {
            if (text.contains("ENCRYPTED PRIVATE KEY") || text.contains("Proc-Type: 4,ENCRYPTED")) {
                throw new GeneralSecurityException("the key is encrypted; the SBC starts unattended, so it needs"
                        + " an unencrypted key readable by its user alone");
            }
            throw new GeneralSecurityException("no unencrypted private key (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY"
                    + " or BEGIN EC PRIVATE KEY) found");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(matcher.group(2));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("bad base64 in the key");
        }
        String kind = matcher.group(1);
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(kind.isEmpty() ? der : TraditionalKeys.toPkcs8(kind, der));
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException wrongAlgorithm) {
                // Next algorithm: the spec says nothing about which one it is until decoded.
            }
        }
        throw new GeneralSecurityException("unsupported key (expected: RSA, EC or EdDSA)");
    }

    /** The file's bytes, at most {@link #MAX_FILE_BYTES}. */
    static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
            }
            return bytes;
        }
    }
}
