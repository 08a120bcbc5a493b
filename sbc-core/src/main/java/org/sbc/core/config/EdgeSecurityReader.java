package org.sbc.core.config;

import static org.sbc.core.config.yaml.ConfigErrors.quote;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.sbc.core.config.RateLimitConfig.Rate;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.core.config.yaml.InvalidValueException;
import org.sbc.core.config.yaml.Located;
import org.sbc.core.config.yaml.YamlMapping;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpPrefix;
import org.sbc.policies.Mode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the parts of {@code security:} that configure the source gates: {@code allow},
 * {@code ban}, {@code flood} and {@code rate_limit}. Each field is checked on its own with the
 * widest range; the record's constructor then checks the fields against each other, and its
 * complaint lands at the key it names.
 */
final class EdgeSecurityReader {

    static final List<String> BAN_KEYS =
            List.of("mode", "seconds", "factor", "max_seconds", "history_seconds", "max_entries", "state_file",
                    "store", "redis", "reconcile_seconds");
    static final List<String> FLOOD_KEYS = List.of("mode", "sampling_seconds", "density", "density_per_24",
            "density_per_16", "density_per_64", "density_per_48", "max_entries", "global_density");
    static final List<String> RATE_LIMIT_KEYS = List.of("mode", "register", "invite", "other", "max_entries");
    static final List<String> RATE_KEYS = List.of("per_second", "burst");
    static final int MAX_ALLOW_ENTRIES = 1_024;
    /** A state file path is ours to open and write; a page of text is not a path. */
    static final int MAX_PATH_CHARS = 1_024;

    private EdgeSecurityReader() {}

    static CidrSet networks(YamlMapping section, String key, ConfigErrors errors) {
        List<IpPrefix> prefixes = new ArrayList<>();
        section.sequence(key, MAX_ALLOW_ENTRIES).ifPresent(nodes -> {
            for (int i = 0; i < nodes.size(); i++) {
                YamlMapping.parseScalar(nodes.get(i), section.pathOf(key) + "[" + i + "]", "192.0.2.0/24",
                        EdgeSecurityReader::parsePrefix, errors).ifPresent(prefix -> prefixes.add(prefix.value()));
            }
        });
        return CidrSet.of(prefixes);
    }

    static IpPrefix parsePrefix(String text) throws InvalidValueException {
        return IpPrefix.parse(text).orElseThrow(() -> new InvalidValueException("bad network " + quote(text)
                + " (expected: an IP literal or ADDRESS/LENGTH with no host bits set, e.g. 192.0.2.0/24)"));
    }

    static BanConfig ban(YamlMapping section, ConfigErrors errors) {
        BanConfig d = BanConfig.DEFAULT;
        Mode mode = mode(section, d.mode(), errors);
        int seconds = integer(section, "seconds", 1, BanConfig.MAX_BAN_SECONDS, d.seconds());
        int factor = integer(section, "factor", 1, 16, d.factor());
        int maxSeconds = integer(section, "max_seconds", 1, BanConfig.MAX_BAN_SECONDS, d.maxSeconds());
        int history = integer(section, "history_seconds", 0, BanConfig.MAX_BAN_SECONDS, d.historySeconds());
        int maxEntries = integer(section, "max_entries", 16, 10_000_000, d.maxEntries());
        Optional<Path> stateFile = section.string("state_file")
                .flatMap(text -> stateFile(text, section, errors))
                .orElse(d.stateFile());
        return build(section, errors, d,
                () -> new BanConfig(mode, seconds, factor, maxSeconds, history, maxEntries, stateFile));
    }

    static FloodConfig flood(YamlMapping section, ConfigErrors errors) {
        FloodConfig d = FloodConfig.DEFAULT;
        Mode mode = mode(section, d.mode(), errors);
        int sampling = integer(section, "sampling_seconds", 1, 60, d.samplingSeconds());
        int density = integer(section, "density", 1, 1_000_000, d.density());
        int per24 = integer(section, "density_per_24", 0, 100_000_000, d.densityPer24());
        int per16 = integer(section, "density_per_16", 0, 100_000_000, d.densityPer16());
        int per64 = integer(section, "density_per_64", 0, 100_000_000, d.densityPer64());
        int per48 = integer(section, "density_per_48", 0, 100_000_000, d.densityPer48());
        int maxEntries = integer(section, "max_entries", 16, 10_000_000, d.maxEntries());
        int global = integer(section, "global_density", 0, 1_000_000_000, Math.max(d.globalDensity(), density));
        return build(section, errors, d,
                () -> new FloodConfig(mode, sampling, density, per24, per16, per64, per48, maxEntries, global));
    }

    static RateLimitConfig rateLimit(YamlMapping section, ConfigErrors errors) {
        RateLimitConfig d = RateLimitConfig.DEFAULT;
        Mode mode = mode(section, d.mode(), errors);
        Rate register = rate(section, "register", d.register(), errors);
        Rate invite = rate(section, "invite", d.invite(), errors);
        Rate other = rate(section, "other", d.other(), errors);
        int maxEntries = integer(section, "max_entries", 16, 10_000_000, d.maxEntries());
        return build(section, errors, d, () -> new RateLimitConfig(mode, register, invite, other, maxEntries));
    }

    private static Rate rate(YamlMapping parent, String key, Rate byDefault, ConfigErrors errors) {
        return parent.mapping(key, RATE_KEYS).map(section -> {
            int perSecond = integer(section, "per_second", 1, 1_000_000, byDefault.perSecond());
            int burst = integer(section, "burst", 1, 10_000_000, byDefault.burst());
            return build(section, errors, byDefault, () -> new Rate(perSecond, burst));
        }).orElse(byDefault);
    }

    static Mode mode(YamlMapping section, Mode byDefault, ConfigErrors errors) {
        return section.string("mode").flatMap(word -> {
            Optional<Mode> mode = Mode.ofWord(word);
            if (mode.isEmpty()) {
                errors.add(section.value("mode").orElseThrow(), section.pathOf("mode"),
                        quote(word) + " (expected: enforce or monitor)");
            }
            return mode;
        }).orElse(byDefault);
    }

    /** A bad value is already reported; the default only keeps the reading going. */
    private static int integer(YamlMapping section, String key, int min, int max, int byDefault) {
        return section.integer(key, min, max).map(Located::value).orElse(byDefault);
    }

    private static Optional<Optional<Path>> stateFile(String text, YamlMapping section, ConfigErrors errors) {
        if (text.isEmpty()) {
            return Optional.of(Optional.empty());
        }
        Node node = section.value("state_file").orElseThrow();
        if (text.length() > MAX_PATH_CHARS || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            errors.add(node, section.pathOf("state_file"), quote(text)
                    + " (expected: a file path without control characters, at most " + MAX_PATH_CHARS + " characters)");
            return Optional.empty();
        }
        try {
            Path path = Path.of(text);
            if (path.getFileName() == null || text.endsWith("/")) {
                errors.add(node, section.pathOf("state_file"), quote(text) + " (expected: a file, not a directory)");
                return Optional.empty();
            }
            return Optional.of(Optional.of(path));
        } catch (InvalidPathException e) {
            errors.add(node, section.pathOf("state_file"), quote(text) + " (expected: a file path)");
            return Optional.empty();
        }
    }

    /**
     * The record's own cross-field checks. Its message starts with the key it is about; the
     * error goes at that key when the user wrote it, else at the section.
     */
    private static <T> T build(YamlMapping section, ConfigErrors errors, T byDefault, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(": ");
            String key = colon < 0 ? "" : message.substring(0, colon);
            Optional<Node> node = section.value(key);
            String path = node.isPresent() ? section.pathOf(key) : section.pathOf("").replaceAll("\\.$", "");
            String problem = colon < 0 ? message : message.substring(colon + 2);
            errors.add(node.flatMap(Node::getStartMark), path, (node.isPresent() ? "" : key + ": ") + problem);
            return byDefault;
        }
    }
}
