package org.sbc.core.edge.reputation;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.core.config.yaml.ModeField;
import org.sbc.core.config.yaml.RecordComplaint;
import org.sbc.core.edge.ban.BanConfig;
import org.sbc.core.tls.PemFiles;
import org.sbc.feeds.feed.FeedAction;
import org.sbc.feeds.feed.FeedDefinition;
import org.sbc.feeds.feed.FeedFormat;
import org.sbc.feeds.feed.FeedLimits;
import org.sbc.feeds.feed.FeedSource;
import org.sbc.feeds.feed.Feeds;
import org.sbc.policies.Mode;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.Located;
import org.sbc.policies.yaml.YamlMapping;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Stage 1 for what the reputation gate reads: {@code security.feeds} and {@code security.geoip}.
 * The threat-feeds records check their own fields and each other; their complaints start with the
 * key they are about and land there.
 */
public final class ReputationSectionReader {

    static final List<String> FEED_KEYS = List.of("name", "url", "format", "csv_column", "action", "ban_seconds",
            "refresh_seconds", "weight", "ttl_seconds", "max_bytes", "timeout_seconds", "max_entries",
            "min_kept_percent", "guard_minimum", "mode");
    public static final List<String> GEOIP_KEYS = List.of("country_database", "asn_database", "allow_countries", "deny_countries", "mode");
    /** ISO 3166-1 lists 249 codes; more entries than that is a mistake. */
    static final int MAX_COUNTRIES = 300;

    private ReputationSectionReader() {}

    public static FeedsConfig feeds(YamlMapping security, ConfigErrors errors, Path baseDir) {
        FeedsConfig d = FeedsConfig.DEFAULT;
        Path cache = security.parsed("feed_cache", "var/feeds", ReputationSectionReader::folder)
                .map(Located::value).orElse(d.cacheFolder());
        Optional<Path> caFile = security.parsed("feed_ca_file", "/etc/sbc/feeds-ca.pem",
                text -> certificates(baseDir, text)).map(Located::value);
        List<FeedDefinition> feeds = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        Set<String> monitored = new HashSet<>();
        security.sequence("feeds", Feeds.MAX_FEEDS).ifPresent(nodes -> {
            for (int i = 0; i < nodes.size(); i++) {
                int index = i;
                YamlMapping entry = YamlMapping.of(nodes.get(i), security.pathOf("feeds") + "[" + i + "]", errors, FEED_KEYS);
                Mode mode = ModeField.read(entry, Mode.ENFORCE, errors);
                feed(entry, nodes.get(i), errors, baseDir).ifPresent(feed -> {
                    if (!mode.enforces()) {
                        monitored.add(feed.name());
                    }
                    Integer first = names.putIfAbsent(feed.name(), index);
                    if (first != null) {
                        // the name keys the last-good files, events and counters
                        errors.add(entry.value("name").orElseThrow(), entry.pathOf("name"), quote(feed.name())
                                + " names two feeds (expected: each name once; first at feeds[" + first + "])");
                    } else {
                        feeds.add(feed);
                    }
                });
            }
        });
        return new FeedsConfig(feeds, cache, caFile, monitored);
    }

    private static Optional<FeedDefinition> feed(YamlMapping entry, Node node, ConfigErrors errors, Path baseDir) {
        Optional<String> name = entry.string("name");
        Optional<String> url = entry.string("url");
        for (String key : List.of("name", "url")) {
            if (entry.value(key).isEmpty()) {
                errors.add(node, entry.pathOf(key), "missing (expected: every feed has a name and a url)");
            }
        }
        Optional<FeedSource> source = url.flatMap(text -> {
            try {
                return Optional.of(FeedSource.parse(text, baseDir));
            } catch (IllegalArgumentException e) {
                errors.add(entry.value("url").orElseThrow(), entry.pathOf("url"), RecordComplaint.problemOf(e.getMessage()));
                return Optional.empty();
            }
        });
        Optional<FeedFormat> format = entry.parsed("format", "plain, apiban or csv", ReputationSectionReader::format)
                .map(Located::value);
        Optional<Located<Integer>> banSeconds = entry.integer("ban_seconds", 1, (int) FeedAction.MAX_BAN.toSeconds());
        Optional<FeedAction> action = entry.parsed("action", "drop, reject, ban or label", word -> action(word,
                banSeconds.map(Located::value).orElse(BanConfig.DEFAULT.seconds()))).map(Located::value);
        if (banSeconds.isPresent() && !(action.orElse(null) instanceof FeedAction.Ban)) {
            errors.add(banSeconds.get(), "set without action: ban (expected: ban_seconds only with action: ban)");
        }
        Optional<Located<Integer>> refresh = entry.integer("refresh_seconds", 1, (int) FeedDefinition.MAX_REFRESH.toSeconds());
        Optional<Located<Integer>> weight = entry.integer("weight", 0, 100);
        Optional<Located<Integer>> ttl = entry.integer("ttl_seconds", 1, (int) FeedDefinition.MAX_TTL.toSeconds());
        Optional<Located<Integer>> maxBytes = entry.integer("max_bytes", 1_024, (int) FeedLimits.MAX_BYTES_CEILING);
        Optional<Located<Integer>> timeout = entry.integer("timeout_seconds", 1, 600);
        Optional<Located<Integer>> maxEntries = entry.integer("max_entries", 1, FeedLimits.MAX_ENTRIES_CEILING);
        Optional<Located<Integer>> keptPercent = entry.integer("min_kept_percent", 0, 100);
        Optional<Located<Integer>> guardMinimum = entry.integer("guard_minimum", 0, FeedLimits.MAX_ENTRIES_CEILING);
        Optional<String> csvColumn = entry.string("csv_column");
        if (name.isEmpty() || source.isEmpty()) {
            return Optional.empty();
        }
        FeedLimits d = FeedLimits.DEFAULTS;
        try {
            FeedLimits limits = new FeedLimits(maxBytes.map(l -> (long) l.value()).orElse(d.maxBytes()),
                    timeout.map(l -> Duration.ofSeconds(l.value())).orElse(d.timeout()),
                    maxEntries.map(Located::value).orElse(d.maxEntries()),
                    keptPercent.map(l -> l.value() / 100.0).orElse(d.minKeptRatio()),
                    guardMinimum.map(Located::value).orElse(d.guardMinimum()));
            FeedDefinition.Builder builder = FeedDefinition.builder(name.get(), source.get()).limits(limits);
            format.ifPresent(builder::format);
            csvColumn.ifPresent(builder::csvColumn);
            action.ifPresent(builder::action);
            refresh.ifPresent(l -> builder.refresh(Duration.ofSeconds(l.value())));
            weight.ifPresent(l -> builder.weight(l.value()));
            ttl.ifPresent(l -> builder.ttl(Duration.ofSeconds(l.value())));
            return Optional.of(builder.build());
        } catch (IllegalArgumentException e) {
            // "feed NAME: key: problem; ..." or "key: problem": each part at the key it names
            for (String part : String.valueOf(e.getMessage()).split("; ")) {
                String problem = part.startsWith("feed ") && part.indexOf(": ") > 0
                        && !part.startsWith("feed name:") ? part.substring(part.indexOf(": ") + 2) : part;
                String key = problem.startsWith("feed name:") ? "name" : RecordComplaint.keyOf(problem);
                Optional<Node> at = entry.value(key);
                errors.add(at.orElse(node), at.isPresent() ? entry.pathOf(key) : entry.pathOf("").replaceAll("\\.$", ""),
                        at.isPresent() ? RecordComplaint.problemOf(problem) : problem);
            }
            return Optional.empty();
        }
    }

    public static GeoIpConfig geoip(YamlMapping section, ConfigErrors errors, Path baseDir) {
        Optional<Path> country = section.parsed("country_database", "GeoLite2-Country.mmdb",
                text -> file(baseDir, text)).map(Located::value);
        Optional<Path> asn = section.parsed("asn_database", "GeoLite2-ASN.mmdb", text -> file(baseDir, text))
                .map(Located::value);
        Set<String> allow = countries(section, "allow_countries", errors);
        Set<String> deny = countries(section, "deny_countries", errors);
        Mode mode = ModeField.read(section, Mode.ENFORCE, errors);
        try {
            return new GeoIpConfig(country, asn, allow, deny, mode);
        } catch (IllegalArgumentException e) {
            String key = RecordComplaint.keyOf(e.getMessage());
            errors.add(section.value(key).orElseThrow(), section.pathOf(key), RecordComplaint.problemOf(e.getMessage()));
            return GeoIpConfig.DEFAULT;
        }
    }

    private static Set<String> countries(YamlMapping section, String key, ConfigErrors errors) {
        Set<String> codes = new LinkedHashSet<>();
        section.sequence(key, MAX_COUNTRIES).ifPresent(nodes -> {
            for (int i = 0; i < nodes.size(); i++) {
                YamlMapping.parseScalar(nodes.get(i), section.pathOf(key) + "[" + i + "]", "DE",
                        ReputationSectionReader::country, errors).ifPresent(code -> codes.add(code.value()));
            }
        });
        return codes;
    }

    static String country(String text) throws InvalidValueException {
        if (!text.matches("[A-Za-z]{2}")) {
            throw new InvalidValueException(quote(text) + " (expected: an ISO 3166-1 alpha-2 code such as DE or US)");
        }
        return text.toUpperCase(Locale.ROOT);
    }

    private static FeedFormat format(String word) throws InvalidValueException {
        for (FeedFormat format : FeedFormat.values()) {
            if (format.key().equals(word)) {
                return format;
            }
        }
        throw new InvalidValueException(quote(word) + " (expected: plain, apiban or csv)");
    }

    private static FeedAction action(String word, int banSeconds) throws InvalidValueException {
        return switch (word) {
            case "drop" -> FeedAction.drop();
            case "reject" -> FeedAction.reject();
            case "ban" -> FeedAction.ban(Duration.ofSeconds(banSeconds));
            case "label" -> FeedAction.label();
            default -> throw new InvalidValueException(quote(word) + " (expected: drop, reject, ban or label)");
        };
    }

    private static Path file(Path baseDir, String text) throws InvalidValueException {
        if (text.isEmpty() || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidValueException(quote(text) + " (expected: a file path without control characters)");
        }
        try {
            return baseDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidValueException(quote(text) + " (expected: a file path)");
        }
    }

    private static Path certificates(Path baseDir, String text) throws InvalidValueException {
        Path path = file(baseDir, text);
        try {
            PemFiles.certificates(path);
            return path;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidValueException(quote(text) + ": " + e.getClass().getSimpleName()
                    + " (expected: a readable file of PEM certificates)");
        }
    }

    private static Path folder(String text) throws InvalidValueException {
        if (text.isEmpty() || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidValueException(quote(text) + " (expected: a folder path without control characters)");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new InvalidValueException(quote(text) + " (expected: a folder path)");
        }
    }
}
