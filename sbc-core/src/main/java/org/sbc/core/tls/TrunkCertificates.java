package org.sbc.core.tls;

import io.netty.util.AttributeKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which trunk a TLS client certificate belongs to ({@code trunks[].tls}): the first trunk, in
 * config order, whose pinned SHA-256 fingerprints include the leaf certificate, or whose
 * {@code client_ca} the chain validates against (PKIX: signatures and validity dates, no
 * revocation: the CA is the trunk's own, named by the operator). The handshake has already proved
 * that the peer holds the leaf's key. Immutable; built once per server. Takes plain values, not
 * the config's types ({@code config} depends on {@code tls}, see docs/internals.md).
 */
public final class TrunkCertificates {

    /** The trunk a connection's client certificate identified, set once its handshake completed. */
    public static final AttributeKey<String> CERTIFIED_TRUNK = AttributeKey.valueOf("sbc.certifiedTrunk");

    public static final TrunkCertificates NONE = new TrunkCertificates(List.of());

    /**
     * How one trunk is known: {@code trunks[].tls}.
     *
     * @param fingerprints SHA-256 of the certificates' DER form, {@code AB:CD:...} in upper case
     */
    public record Trunk(String name, Optional<Path> clientCa, List<String> fingerprints) {
        public Trunk {
            java.util.Objects.requireNonNull(name, "name");
            java.util.Objects.requireNonNull(clientCa, "clientCa");
            fingerprints = List.copyOf(fingerprints);
        }
    }

    private record Identity(String trunk, Set<String> pins, Optional<PKIXParameters> ca) {}

    private final List<Identity> identities;

    private TrunkCertificates(List<Identity> identities) {
        this.identities = List.copyOf(identities);
    }

    /**
     * Reads each trunk's client CA file again (the config loader checked it).
     *
     * @throws UncheckedIOException when a CA file can no longer be read or holds no certificate
     */
    public static TrunkCertificates of(List<Trunk> trunks) {
        List<Identity> identities = new ArrayList<>();
        for (Trunk trunk : trunks) {
            Optional<PKIXParameters> ca = Optional.empty();
            if (trunk.clientCa().isPresent()) {
                Path file = trunk.clientCa().get();
                try {
                    Set<TrustAnchor> anchors = new HashSet<>();
                    PemFiles.certificates(file).forEach(c -> anchors.add(new TrustAnchor(c, null)));
                    PKIXParameters parameters = new PKIXParameters(anchors);
                    parameters.setRevocationEnabled(false);
                    ca = Optional.of(parameters);
                } catch (IOException e) {
                    throw new UncheckedIOException("trunk " + trunk.name() + " client_ca " + file, e);
                } catch (GeneralSecurityException e) {
                    throw new UncheckedIOException(new IOException("trunk " + trunk.name() + " client_ca " + file
                            + ": " + e.getMessage(), e));
                }
            }
            identities.add(new Identity(trunk.name(), Set.copyOf(trunk.fingerprints()), ca));
        }
        return new TrunkCertificates(identities);
    }

    /** No trunk is known by certificate: the listeners need not ask for one. */
    public boolean isEmpty() {
        return identities.isEmpty();
    }

    /** The trunk that {@code chain} (the client's, leaf first) identifies; empty for none or no chain. */
    public Optional<String> trunkOf(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        String leaf;
        try {
            leaf = HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(chain.get(0).getEncoded()));
        } catch (CertificateEncodingException e) {
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (Identity identity : identities) {
            if (identity.pins().contains(leaf) || identity.ca().filter(ca -> chainsTo(chain, ca)).isPresent()) {
                return Optional.of(identity.trunk());
            }
        }
        return Optional.empty();
    }

    private static boolean chainsTo(List<X509Certificate> chain, PKIXParameters ca) {
        // A client may send its CA too; the anchor itself must not be part of the path.
        List<X509Certificate> path = new ArrayList<>(chain);
        while (path.size() > 1 && isAnchor(path.get(path.size() - 1), ca)) {
            path.remove(path.size() - 1);
        }
        try {
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), ca);
            return true;
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has PKIX", e);
        } catch (GeneralSecurityException e) {
            return false; // not this trunk's CA, expired, or a broken chain
        }
    }

    private static boolean isAnchor(X509Certificate certificate, PKIXParameters ca) {
        return ca.getTrustAnchors().stream().anyMatch(anchor -> certificate.equals(anchor.getTrustedCert()));
    }
}
