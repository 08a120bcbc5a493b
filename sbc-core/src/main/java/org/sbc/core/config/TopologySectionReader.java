package org.sbc.core.config;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sbc.core.config.TopologyConfig.SdpHandling;
import org.sbc.core.config.TopologyConfig.Secret;
import org.sbc.core.config.TopologyConfig.StripStore;
import org.sbc.core.config.TopologyConfig.TopologyMode;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.Located;
import org.sbc.policies.yaml.YamlMapping;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads the {@code topology_hiding:} section; every problem is reported at its line. */
final class TopologySectionReader {

    static final List<String> KEYS = List.of("mode", "outside_host", "inside_names", "outside_headers", "sdp",
            "mask", "strip");
    static final List<String> MASK_KEYS = List.of("key", "previous_key");
    static final List<String> STRIP_KEYS = List.of("store", "redis", "max_entries");
    static final int KEY_BYTES = 32;
    private static final int MAX_NAMES = 256;

    private TopologySectionReader() {}

    static TopologyConfig read(Optional<YamlMapping> section, ConfigErrors errors) {
        if (section.isEmpty()) {
            return TopologyConfig.DEFAULT;
        }
        YamlMapping s = section.get();
        TopologyConfig d = TopologyConfig.DEFAULT;
        Optional<Located<TopologyMode>> mode = s.parsed("mode", "mask or strip",
                text -> word(text, TopologyMode.values(), "mask or strip"));
        Optional<String> outsideHost = s.parsed("outside_host", "a host name or address, e.g. sbc.example.com",
                TopologySectionReader::host).map(Located::value).filter(h -> !h.isEmpty());
        List<String> insideNames = new ArrayList<>();
        s.sequence("inside_names", MAX_NAMES).ifPresent(items -> {
            for (int i = 0; i < items.size(); i++) {
                YamlMapping.parseScalar(items.get(i), "topology_hiding.inside_names[" + i + "]",
                        "a host name, domain or address", TopologySectionReader::insideName, errors)
                        .ifPresent(name -> insideNames.add(name.value()));
            }
        });
        List<String> headers = new ArrayList<>(d.outsideHeaders());
        s.sequence("outside_headers", MAX_NAMES).ifPresent(items -> {
            headers.clear();
            for (int i = 0; i < items.size(); i++) {
                YamlMapping.parseScalar(items.get(i), "topology_hiding.outside_headers[" + i + "]",
                        "a header name, e.g. p-asserted-identity", TopologySectionReader::headerName, errors)
                        .ifPresent(name -> headers.add(name.value()));
            }
        });
        SdpHandling sdp = s.parsed("sdp", "rewrite or keep", text -> word(text, SdpHandling.values(), "rewrite or keep"))
                .map(Located::value).orElse(d.sdp());

        Optional<YamlMapping> mask = s.mapping("mask", MASK_KEYS);
        Optional<Located<Secret>> key = mask.flatMap(m -> m.parsed("key", "base64 of 32 random bytes",
                TopologySectionReader::secret)).filter(k -> k.value().bytes().length > 0);
        Optional<Located<Secret>> previous = mask.flatMap(m -> m.parsed("previous_key", "base64 of 32 random bytes",
                TopologySectionReader::secret)).filter(k -> k.value().bytes().length > 0);
        if (key.isPresent() && previous.isPresent() && key.get().value().equals(previous.get().value())) {
            mask.flatMap(m -> m.value("previous_key")).ifPresent(node -> errors.add(node,
                    "topology_hiding.mask.previous_key", "equals key (expected: the key before the last rotation)"));
        }
        Optional<YamlMapping> strip = s.mapping("strip", STRIP_KEYS);
        StripStore store = strip.flatMap(m -> m.parsed("store", "memory or redis",
                text -> word(text, StripStore.values(), "memory or redis"))).map(Located::value).orElse(d.store());
        Optional<String> redis = strip.flatMap(m -> m.parsed("redis", "redis://HOST:PORT[/DB]",
                TopologySectionReader::redisUri)).map(Located::value).filter(u -> !u.isEmpty());
        int maxEntries = strip.flatMap(m -> m.integer("max_entries", 1_000, 10_000_000)).map(Located::value)
                .orElse(d.maxEntries());

        TopologyMode chosen = mode.map(Located::value).orElse(d.mode());
        boolean keyWritten = mask.flatMap(m -> m.string("key")).filter(k -> !k.isBlank()).isPresent();
        if (chosen == TopologyMode.MASK && !keyWritten) {
            errors.add(mode.orElseThrow(), "mask mode without topology_hiding.mask.key (expected: base64 of 32 "
                    + "random bytes, e.g. from: head -c 32 /dev/urandom | base64; there is no default key)");
        }
        if (chosen == TopologyMode.STRIP && store == StripStore.REDIS && redis.isEmpty()) {
            strip.flatMap(m -> m.value("store")).ifPresent(node -> errors.add(node, "topology_hiding.strip.store",
                    "redis without topology_hiding.strip.redis (expected: redis://HOST:PORT)"));
        }
        if (!errors.isEmpty()) {
            return d; // a placeholder: the loader throws before using it
        }
        return new TopologyConfig(chosen, outsideHost, insideNames, headers, sdp, key.map(Located::value),
                previous.map(Located::value), store, redis, maxEntries);
    }

    private static <E extends Enum<E>> E word(String text, E[] values, String expected) throws InvalidValueException {
        for (E value : values) {
            if (value.name().toLowerCase(Locale.ROOT).equals(text)) {
                return value;
            }
        }
        throw new InvalidValueException(quote(text) + " (expected: " + expected + ")");
    }

    private static String host(String text) throws InvalidValueException {
        if (text.isEmpty()) {
            return text;
        }
        if (text.length() > 253 || !text.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            throw new InvalidValueException(quote(text) + " (expected: a host name, domain or IP address)");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    /** Checked as the scrubber will read it, so a name it refuses is refused here, at its line. */
    private static String insideName(String text) throws InvalidValueException {
        String name = host(text);
        try {
            new org.sbc.topology.scrub.InsideNames(List.of(name));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(quote(text) + " (expected: an IPv4 or IPv6 address or a host name)");
        }
        return name;
    }

    private static String headerName(String text) throws InvalidValueException {
        String name = text.toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z0-9!%*_+`'~.-]{1,64}")) {
            throw new InvalidValueException(quote(text) + " (expected: a header name)");
        }
        if (TopologyConfig.NEVER_OUTSIDE.contains(name)) {
            throw new InvalidValueException(quote(text) + " (expected: an end-to-end header; " + name
                    + " belongs to one leg and never crosses to the outside)");
        }
        return name;
    }

    private static Secret secret(String text) throws InvalidValueException {
        if (text.isEmpty()) {
            return new Secret(new byte[0]);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("not base64 (expected: base64 of " + KEY_BYTES + " random bytes)");
        }
        if (bytes.length != KEY_BYTES) {
            throw new InvalidValueException(bytes.length + " bytes (expected: base64 of exactly " + KEY_BYTES
                    + " random bytes)");
        }
        return new Secret(bytes);
    }

    private static String redisUri(String text) throws InvalidValueException {
        if (text.isEmpty()) {
            return text;
        }
        if (!text.matches("rediss?://[^\\s/]+(/[0-9]{1,2})?")) {
            throw new InvalidValueException(quote(text) + " (expected: redis://HOST:PORT[/DB])");
        }
        return text;
    }
}
