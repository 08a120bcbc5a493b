package org.sbc.core.config;

import static org.sbc.core.config.ConfigErrors.quote;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import org.sbc.core.tls.PemFiles;
import org.sbc.core.tls.TlsMaterial;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a side's {@code tls:} section and loads its files once, so that {@code check-config}
 * reports a missing file, a key others can read or a key that is not the certificate's.
 */
final class TlsSectionReader {

    static final List<String> KEYS = List.of("certificate", "key", "ca", "handshake_timeout_seconds");

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
        if (!fine || section.value("certificate").isPresent() && (certificate.isEmpty() || key.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new TlsConfig(certificate.map(Located::value), key.map(Located::value),
                ca.map(Located::value), timeout));
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

    private static boolean checkCa(Optional<Located<Path>> ca, ConfigErrors errors) {
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

    private static Path resolve(Path baseDir, String text) throws InvalidValueException {
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
