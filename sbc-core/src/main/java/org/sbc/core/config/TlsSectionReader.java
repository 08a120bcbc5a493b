package org.sbc.core.config;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.core.tls.PemFiles;
import org.sbc.core.tls.PemPair;
import org.sbc.core.tls.TlsMaterial;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.Located;
import org.sbc.policies.yaml.YamlMapping;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a side's {@code tls:} section and loads its files once, so that {@code check-config}
 * reports a missing file, a key others can read or a key that is not the certificate's.
 */
final class TlsSectionReader {

    static final List<String> KEYS = List.of("certificate", "key", "ca", "sni", "handshake_timeout_seconds");
    private static final List<String> PAIR_KEYS = List.of("certificate", "key");
    /** Each entry is two files read at start and hashed every few seconds: a short list is plenty. */
    static final int MAX_SNI_CERTIFICATES = 32;

    private TlsSectionReader() {}

    /** @param sectionNode the {@code tls:} value, where a key missing from a pair is reported */
    static Optional<TlsConfig> read(YamlMapping section, Node sectionNode, ConfigErrors errors, Path baseDir) {
        Optional<Located<Path>> certificate = section.parsed("certificate", "certs/sbc.pem", t -> resolve(baseDir, t));
        Optional<Located<Path>> key = section.parsed("key", "certs/sbc.key", t -> resolve(baseDir, t));
        Optional<Located<Path>> ca = section.parsed("ca", "certs/pbx-ca.pem", t -> resolve(baseDir, t));
        int timeout = section.integer("handshake_timeout_seconds", 1, TlsConfig.MAX_HANDSHAKE_TIMEOUT_SECONDS)
                .map(Located::value).orElse(TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT_SECONDS);
        boolean fine = checkCa(ca, errors);
        if (section.value("certificate").isPresent() != section.value("key").isPresent()) {
            String missing = section.value("key").isPresent() ? "certificate" : "key";
            errors.add(sectionNode, section.pathOf(missing), "missing (expected: certificate and key together, PEM files)");
            return Optional.empty();
        }
        if (certificate.isPresent() && key.isPresent()) {
            fine &= checkPair(certificate.get(), key.get(), errors);
        }
        List<PemPair> sni = new ArrayList<>();
        Optional<List<Node>> sniNodes = section.sequence("sni", MAX_SNI_CERTIFICATES);
        if (sniNodes.isPresent() && !sniNodes.get().isEmpty() && certificate.isEmpty()) {
            errors.add(section.value("sni").orElseThrow(), section.pathOf("sni"),
                    "certificates by name without a default one (expected: certificate and key as well)");
            fine = false;
        }
        for (int i = 0; i < sniNodes.map(List::size).orElse(0); i++) {
            Node node = sniNodes.get().get(i);
            YamlMapping entry = YamlMapping.of(node, section.pathOf("sni") + "[" + i + "]", errors, PAIR_KEYS);
            Optional<Located<Path>> entryCertificate = entry.parsed("certificate", "certs/other.pem",
                    t -> resolve(baseDir, t));
            Optional<Located<Path>> entryKey = entry.parsed("key", "certs/other.key", t -> resolve(baseDir, t));
            if (entry.value("certificate").isEmpty() || entry.value("key").isEmpty()) {
                errors.add(node, entry.pathOf(entry.value("key").isEmpty() ? "key" : "certificate"),
                        "missing (expected: certificate and key together, PEM files)");
                fine = false;
            } else if (entryCertificate.isPresent() && entryKey.isPresent()
                    && checkPair(entryCertificate.get(), entryKey.get(), errors)) {
                sni.add(new PemPair(entryCertificate.get().value(), entryKey.get().value()));
            } else {
                fine = false;
            }
        }
        if (!fine || section.value("certificate").isPresent() && (certificate.isEmpty() || key.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new TlsConfig(certificate.map(Located::value), key.map(Located::value),
                ca.map(Located::value), sni, timeout));
    }

    private static boolean checkPair(Located<Path> certificate, Located<Path> key, ConfigErrors errors) {
        try {
            TlsMaterial.load(certificate.value(), key.value());
            return true;
        } catch (TlsMaterial.KeyProblem e) {
            errors.add(key, quote(key.value().toString()) + ": " + e.getMessage());
        } catch (IOException e) {
            boolean keyFile = e instanceof FileSystemException failed && key.value().toString().equals(failed.getFile());
            Located<Path> at = keyFile ? key : certificate;
            errors.add(at, quote(at.value().toString()) + ": " + ConfigLoader.describe(e) + " (expected: a readable PEM file)");
        } catch (GeneralSecurityException e) {
            errors.add(certificate, quote(certificate.value().toString()) + ": " + e.getMessage()
                    + " (expected: the PEM certificate chain, the server's certificate first)");
        }
        return false;
    }

    static boolean checkCa(Optional<Located<Path>> ca, ConfigErrors errors) {
        if (ca.isEmpty()) {
            return true;
        }
        try {
            PemFiles.certificates(ca.get().value());
            return true;
        } catch (IOException e) {
            errors.add(ca.get(), quote(ca.get().value().toString()) + ": " + ConfigLoader.describe(e)
                    + " (expected: a readable PEM file)");
        } catch (GeneralSecurityException e) {
            errors.add(ca.get(), quote(ca.get().value().toString()) + ": " + e.getMessage()
                    + " (expected: PEM CA certificates)");
        }
        return false;
    }

    static Path resolve(Path baseDir, String text) throws InvalidValueException {
        try {
            if (text.isEmpty()) {
                throw new InvalidPathException(text, "empty");
            }
            return baseDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidValueException("bad path " + quote(text) + " (expected: a file path)");
        }
    }
}
