package org.sbc.core.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A listener's certificate chain and private key, read from PEM files and checked together: the
 * key must belong to the first certificate, and its file must not be readable by anyone but its
 * owner (as ssh refuses a private key others can read).
 */
public record TlsMaterial(List<X509Certificate> chain, PrivateKey key) {

    public TlsMaterial {
        chain = List.copyOf(chain);
    }

    /** Problems with the key are {@link KeyProblem}s, so the config reader can point at the key. */
    public static TlsMaterial load(Path certificate, Path key) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = PemFiles.certificates(certificate);
        checkOwnerOnly(key);
        PrivateKey privateKey;
        try {
            privateKey = PemFiles.privateKey(key);
        } catch (GeneralSecurityException e) {
            throw new KeyProblem(e.getMessage());
        }
        if (!matches(privateKey, chain.get(0).getPublicKey())) {
            throw new KeyProblem("the key does not belong to the first certificate of " + certificate.getFileName());
        }
        return new TlsMaterial(chain, privateKey);
    }

    /** A private key file that group or others may read, write or search is refused. */
    static void checkOwnerOnly(Path key) throws IOException, KeyProblem {
        if (!SecretFiles.openToOthers(key).isEmpty()) {
            throw new KeyProblem("the key file is accessible to group or others (expected: chmod 600, readable by"
                    + " the SBC's user alone)");
        }
    }

    /** A signature made with the key verifies with the certificate's public key. */
    private static boolean matches(PrivateKey key, PublicKey certificateKey) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> throw new KeyProblem("unsupported key algorithm " + key.getAlgorithm()
                    + " (expected: RSA, EC or EdDSA)");
        };
        if (!certificateKey.getAlgorithm().equals(key.getAlgorithm())
                && !(key.getAlgorithm().startsWith("Ed") && certificateKey.getAlgorithm().startsWith("Ed"))) {
            return false;
        }
        byte[] probe = "sbc key check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificateKey);
        verifier.update(probe);
        return verifier.verify(signature);
    }

    /** Something wrong with the private key file rather than the certificate. */
    public static final class KeyProblem extends GeneralSecurityException {
        private static final long serialVersionUID = 1L;

        KeyProblem(String message) {
            super(message);
        }
    }
}
