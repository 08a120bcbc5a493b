package org.sbc.core.config;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.Located;
import org.sbc.policies.yaml.YamlMapping;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads {@code trunks[].tls} (stage 1): the client CA file, loaded once, and the pinned fingerprints. */
final class TrunkTlsReader {

    static final List<String> KEYS = List.of("client_ca", "fingerprints");
    /** A trunk has a few certificates at once (old and new across a renewal); more is a mistake. */
    static final int MAX_FINGERPRINTS = 16;
    private static final String FINGERPRINT_FORM = "\"AB:CD:...\" (32 bytes of SHA-256 in hex, colon-separated)";

    private TrunkTlsReader() {}

    static Optional<TrunkTls> read(Node node, String path, ConfigErrors errors, Path baseDir) {
        YamlMapping mapping = YamlMapping.of(node, path, errors, KEYS);
        Optional<Located<Path>> clientCa = mapping.parsed("client_ca", "certs/carrier-ca.pem",
                text -> TlsSectionReader.resolve(baseDir, text));
        boolean fine = TlsSectionReader.checkCa(clientCa, errors);
        List<TrunkTls.Fingerprint> fingerprints = new ArrayList<>();
        Optional<List<Node>> items = mapping.sequence("fingerprints", MAX_FINGERPRINTS);
        for (int i = 0; i < items.map(List::size).orElse(0); i++) {
            Optional<Located<TrunkTls.Fingerprint>> pin = YamlMapping.parseScalar(items.get().get(i),
                    mapping.pathOf("fingerprints") + "[" + i + "]", FINGERPRINT_FORM, TrunkTlsReader::fingerprint,
                    errors);
            fine &= pin.isPresent();
            pin.ifPresent(p -> fingerprints.add(p.value()));
        }
        if (mapping.value("client_ca").isEmpty() && items.map(List::isEmpty).orElse(true)) {
            errors.add(node, path, "neither client_ca nor fingerprints (expected: how the trunk's client"
                    + " certificate is known, e.g. fingerprints: [\"AB:CD:...\"])");
            return Optional.empty();
        }
        if (!fine || mapping.value("client_ca").isPresent() && clientCa.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TrunkTls(clientCa.map(Located::value), fingerprints));
    }

    static TrunkTls.Fingerprint fingerprint(String text) throws InvalidValueException {
        if (!text.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){31}")) {
            throw new InvalidValueException(quote(text) + " (expected: " + FINGERPRINT_FORM + ")");
        }
        return new TrunkTls.Fingerprint(text.toUpperCase(Locale.ROOT));
    }
}
