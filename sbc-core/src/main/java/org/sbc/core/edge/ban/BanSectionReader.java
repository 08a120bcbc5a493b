package org.sbc.core.edge.ban;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.core.config.yaml.ModeField;
import org.sbc.core.config.yaml.RecordComplaint;
import org.sbc.policies.Mode;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.Located;
import org.sbc.policies.yaml.YamlMapping;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Stage 1 for {@code security.ban}: the ban table ({@link BanConfig}) and where it is shared
 * ({@link BanStoreConfig}: {@code store}, {@code redis}, {@code reconcile_seconds}). Each field is
 * checked on its own with the widest range; the record's constructor then checks the fields
 * against each other, and its complaint lands at the key it names.
 */
public final class BanSectionReader {

    public static final List<String> KEYS =
            List.of("mode", "seconds", "factor", "max_seconds", "history_seconds", "max_entries", "state_file",
                    "store", "redis", "reconcile_seconds");
    /** A state file path is ours to open and write; a page of text is not a path. */
    static final int MAX_PATH_CHARS = 1_024;

    private BanSectionReader() {}

    public static BanConfig ban(YamlMapping section, ConfigErrors errors) {
        BanConfig d = BanConfig.DEFAULT;
        Mode mode = ModeField.read(section, d.mode(), errors);
        int seconds = section.integerOr("seconds", 1, BanConfig.MAX_BAN_SECONDS, d.seconds());
        int factor = section.integerOr("factor", 1, 16, d.factor());
        int maxSeconds = section.integerOr("max_seconds", 1, BanConfig.MAX_BAN_SECONDS, d.maxSeconds());
        int history = section.integerOr("history_seconds", 0, BanConfig.MAX_BAN_SECONDS, d.historySeconds());
        int maxEntries = section.integerOr("max_entries", 16, 10_000_000, d.maxEntries());
        Optional<Path> stateFile = section.string("state_file")
                .flatMap(text -> stateFile(text, section, errors))
                .orElse(d.stateFile());
        return RecordComplaint.build(section, errors, d,
                () -> new BanConfig(mode, seconds, factor, maxSeconds, history, maxEntries, stateFile));
    }

    /** The store keys of the same section; the loader reads them after the reputation sections, as it always has. */
    public static BanStoreConfig store(YamlMapping ban, ConfigErrors errors) {
        BanStoreConfig d = BanStoreConfig.DEFAULT;
        Optional<BanStoreConfig.Kind> kind = ban.parsed("store", "memory or redis", BanSectionReader::storeKind)
                .map(Located::value);
        Optional<URI> redis = ban.parsed("redis", "redis://127.0.0.1:6379", BanSectionReader::redisUri)
                .map(Located::value);
        int reconcile = ban.integer("reconcile_seconds", 1, 3_600).map(Located::value).orElse(d.reconcileSeconds());
        if ((ban.value("store").isPresent() && kind.isEmpty()) || (ban.value("redis").isPresent() && redis.isEmpty())) {
            return d; // reported where it was read
        }
        try {
            return new BanStoreConfig(kind.orElse(d.kind()), redis, reconcile);
        } catch (IllegalArgumentException e) {
            String key = RecordComplaint.keyOf(e.getMessage());
            Optional<Node> at = ban.value(key).or(() -> ban.value("redis"));
            errors.add(at.orElseThrow(), ban.pathOf(key), RecordComplaint.problemOf(e.getMessage()));
            return d;
        }
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

    private static BanStoreConfig.Kind storeKind(String word) throws InvalidValueException {
        for (BanStoreConfig.Kind kind : BanStoreConfig.Kind.values()) {
            if (kind.word().equals(word)) {
                return kind;
            }
        }
        throw new InvalidValueException(quote(word) + " (expected: memory or redis)");
    }

    /** A literal host only in tests is not required: Redis is the operator's own server. */
    static URI redisUri(String text) throws InvalidValueException {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            if (!(scheme.equals("redis") || scheme.equals("rediss")) || uri.getHost() == null) {
                throw new InvalidValueException(quote(text) + " (expected: redis://HOST:PORT or rediss://HOST:PORT)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidValueException(quote(text) + " (expected: redis://HOST:PORT or rediss://HOST:PORT)");
        }
    }
}
