package org.sbc.core.config;

import static org.sbc.core.config.ConfigErrors.quote;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import org.sbc.core.tls.TlsMaterial;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a side's {@code tls:} section and loads its files once, so that {@code check-config}
 * reports a missing file, a key others can read or a key that is not the certificate's.
 */
final class TlsSectionReader {

    static final List<String> KEYS = List.of("certificate", "key", "handshake_timeout_seconds");

    private TlsSectionReader() {}

    /** @param sectionNode the {@code tls:} value, where a missing key is reported */
    static Optional<TlsConfig> read(YamlMapping section, Node sectionNode, ConfigErrors errors, Path baseDir) {
        Optional<Located<Path>> certificate = file(section, sectionNode, "certificate", errors, baseDir);
        Optional<Located<Path>> key = file(section, sectionNode, "key", errors, baseDir);
        int timeout = section.integer("handshake_timeout_seconds", 1, TlsConfig.MAX_HANDSHAKE_TIMEOUT_SECONDS)
                .map(Located::value).orElse(TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT_SECONDS);
        if (certificate.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        try {
            TlsMaterial.load(certificate.get().value(), key.get().value());
        } catch (TlsMaterial.KeyProblem e) {
            errors.add(key.get(), quote(key.get().value().toString()) + ": " + e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            boolean keyFile = e instanceof FileSystemException failed
                    && key.get().value().toString().equals(failed.getFile());
            Located<Path> at = keyFile ? key.get() : certificate.get();
            errors.add(at, quote(at.value().toString()) + ": " + ConfigLoader.describe(e) + " (expected: a readable PEM file)");
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            errors.add(certificate.get(), quote(certificate.get().value().toString()) + ": " + e.getMessage()
                    + " (expected: the PEM certificate chain, the server's certificate first)");
            return Optional.empty();
        }
        return Optional.of(new TlsConfig(certificate.get().value(), key.get().value(), timeout));
    }

    /** A required file name, relative to the config file's directory. */
    private static Optional<Located<Path>> file(YamlMapping section, Node sectionNode, String name,
            ConfigErrors errors, Path baseDir) {
        if (section.value(name).isEmpty()) {
            errors.add(sectionNode, section.pathOf(name), "missing (expected: certificate and key, both PEM files)");
            return Optional.empty();
        }
        return section.parsed(name, "certs/sbc.pem", text -> resolve(baseDir, text));
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
