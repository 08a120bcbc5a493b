package org.sbc.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.Located;
import org.sbc.policies.yaml.YamlErrors;
import org.sbc.policies.yaml.YamlMapping;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads the {@code b2bua:} section and the {@code trunks:} list (stage 1 field checks). */
final class B2buaSectionReader {

    static final List<String> B2BUA_KEYS = List.of(
            "t1_ms", "t2_ms", "t4_ms", "max_dialogs", "max_dialogs_per_source", "max_dialog_seconds",
            "early_dialog_seconds", "max_bindings", "keepalive_seconds");
    static final List<String> TRUNK_KEYS = List.of("name", "uri", "prefixes", "tls");
    static final int MAX_TRUNKS = 256;
    static final int MAX_PREFIXES = 1_024;

    private B2buaSectionReader() {}

    /** @param baseDir where a trunk's {@code tls.client_ca} is found when relative (the config file's directory) */
    static B2buaConfig read(Optional<YamlMapping> section, Optional<List<Node>> trunkNodes, ConfigErrors errors,
            Path baseDir) {
        B2buaConfig d = B2buaConfig.DEFAULT;
        int t1 = section.flatMap(s -> s.integer("t1_ms", 50, 10_000)).map(Located::value).orElse(d.t1Millis());
        int t2 = section.flatMap(s -> s.integer("t2_ms", 50, 60_000)).map(Located::value).orElse(d.t2Millis());
        int t4 = section.flatMap(s -> s.integer("t4_ms", 50, 60_000)).map(Located::value).orElse(d.t4Millis());
        if (t2 < t1) {
            section.flatMap(s -> s.value("t2_ms")).ifPresent(node -> errors.add(node, "b2bua.t2_ms",
                    t2 + " (expected: at least t1_ms, " + t1 + ")"));
        }
        int maxDialogs = section.flatMap(s -> s.integer("max_dialogs", 1, 1_000_000)).map(Located::value)
                .orElse(d.maxDialogs());
        int perSource = section.flatMap(s -> s.integer("max_dialogs_per_source", 1, 1_000_000)).map(Located::value)
                .orElse(d.maxDialogsPerSource());
        int maxSeconds = section.flatMap(s -> s.integer("max_dialog_seconds", 10, 604_800)).map(Located::value)
                .orElse(d.maxDialogSeconds());
        int earlySeconds = section.flatMap(s -> s.integer("early_dialog_seconds", 1, 3_600)).map(Located::value)
                .orElse(d.earlyDialogSeconds());
        int maxBindings = section.flatMap(s -> s.integer("max_bindings", 1, 1_000_000)).map(Located::value)
                .orElse(d.maxBindings());
        int keepalive = section.flatMap(s -> s.integer("keepalive_seconds", 0, 3_600)).map(Located::value)
                .orElse(d.keepaliveSeconds());
        List<Trunk> trunks = new ArrayList<>();
        trunkNodes.ifPresent(nodes -> {
            for (int i = 0; i < nodes.size(); i++) {
                trunk(nodes.get(i), "trunks[" + i + "]", errors, baseDir).ifPresent(trunks::add);
            }
        });
        return new B2buaConfig(t1, Math.max(t1, t2), t4, maxDialogs, perSource, maxSeconds, earlySeconds,
                maxBindings, keepalive, trunks);
    }

    private static Optional<Trunk> trunk(Node node, String path, ConfigErrors errors, Path baseDir) {
        YamlMapping mapping = YamlMapping.of(node, path, errors, TRUNK_KEYS);
        Optional<String> name = mapping.string("name");
        if (name.isEmpty()) {
            errors.add(node, path, "missing key 'name' (expected: a name for the trunk, e.g. name: carrier)");
        }
        Optional<PbxTarget> target = mapping.parsed("uri", PbxUriParser.FORM, PbxUriParser::parse).map(Located::value);
        if (mapping.value("uri").isEmpty()) {
            errors.add(node, path, "missing key 'uri' (expected: " + PbxUriParser.FORM + ")");
        }
        List<String> prefixes = new ArrayList<>();
        mapping.sequence("prefixes", MAX_PREFIXES).ifPresent(items -> {
            for (int i = 0; i < items.size(); i++) {
                YamlMapping.parseScalar(items.get(i), path + ".prefixes[" + i + "]", "\"+44\"",
                        B2buaSectionReader::parsePrefix, errors).ifPresent(p -> prefixes.add(p.value()));
            }
        });
        Optional<TrunkTls> tls = mapping.value("tls")
                .flatMap(tlsNode -> TrunkTlsReader.read(tlsNode, mapping.pathOf("tls"), errors, baseDir));
        if (name.isEmpty() || target.isEmpty() || mapping.value("tls").isPresent() && tls.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Trunk(name.get(), target.get(), prefixes, tls));
    }

    private static String parsePrefix(String text) throws InvalidValueException {
        if (text.isEmpty() || text.length() > 32 || !text.chars().allMatch(c -> Character.isDigit(c) || c == '+' || c == '*' || c == '#')) {
            throw new InvalidValueException(YamlErrors.quote(text) + " (expected: digits, optionally starting with +)");
        }
        return text;
    }
}
