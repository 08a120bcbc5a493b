package org.sbc.core.edge.auth;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.core.config.yaml.ConfigPaths;
import org.sbc.core.config.yaml.ModeField;
import org.sbc.core.config.yaml.NetworkList;
import org.sbc.core.edge.auth.AuthConfig.FailureLimits;
import org.sbc.core.edge.auth.AuthConfig.NonceSecret;
import org.sbc.feeds.CidrSet;
import org.sbc.policies.Mode;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.Located;
import org.sbc.policies.yaml.YamlMapping;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Stage 1 for {@code security.auth}. The few rules that span fields of the section (auth needs
 * realm, secret and credentials once it challenges anyone) are checked here, at the section,
 * because both values are in hand.
 */
public final class AuthSectionReader {

    public static final List<String> KEYS = List.of("mode", "challenge", "watch", "realm", "credentials_file", "nonce_secret",
            "nonce_lifetime_seconds", "algorithms", "methods", "failures", "replay_table_entries");
    private static final List<String> FAILURE_KEYS = List.of("window_seconds", "per_user", "per_source", "max_tracked");

    /** Bounds each list. */
    static final int MAX_LIST_ENTRIES = 10_000;
    static final int MIN_SECRET_CHARS = 32;
    /** Sample and placeholder words; a real secret (openssl rand -hex 32) contains none of them. */
    static final List<String> SAMPLE_SECRET_WORDS =
            List.of("changeme", "change-me", "change_me", "secret", "password", "example", "sample", "default", "nonce");

    private AuthSectionReader() {}

    public static AuthConfig read(YamlMapping section, ConfigErrors errors, Path baseDir) {
        AuthConfig d = AuthConfig.DEFAULT;
        Mode mode = section.parsed("mode", "enforce", ModeField::parse).map(Located::value).orElse(d.mode());
        CidrSet challenge = networks(section, "challenge").orElse(d.challenge());
        CidrSet watch = networks(section, "watch").orElse(d.watch());
        Optional<String> realm = section.parsed("realm", "sip.example.com", AuthSectionReader::parseRealm)
                .map(Located::value);
        Optional<NonceSecret> secret = section.parsed("nonce_secret", "the output of: openssl rand -hex 32",
                AuthSectionReader::parseSecret).map(Located::value);
        int lifetime = section.integer("nonce_lifetime_seconds", 10, 3_600).map(Located::value)
                .orElse(d.nonceLifetimeSeconds());
        List<DigestAlgorithm> algorithms = section
                .items("algorithms", MAX_LIST_ENTRIES, "SHA-256", AuthSectionReader::parseAlgorithm)
                .filter(values -> distinctNonEmpty(section, "algorithms", values, errors))
                .orElse(d.algorithms());
        Set<String> methods = section.items("methods", MAX_LIST_ENTRIES, "REGISTER", AuthSectionReader::parseMethod)
                .filter(values -> distinctNonEmpty(section, "methods", values, errors))
                .<Set<String>>map(Set::copyOf).orElse(d.methods());
        FailureLimits failures = section.mapping("failures", FAILURE_KEYS)
                .map(s -> failures(s, errors)).orElse(d.failures());
        int replayEntries = section.integer("replay_table_entries", 1_024, 10_000_000).map(Located::value)
                .orElse(d.replayTableEntries());
        DigestCredentials credentials = section.parsed("credentials_file", "/etc/sbc/credentials",
                        text -> ConfigPaths.resolve(baseDir, text))
                .map(file -> CredentialsFile.load(file.value(), realm.orElse(""), algorithms, errors))
                .orElse(DigestCredentials.none());

        if (!challenge.isEmpty()) {
            Node at = section.value("challenge").orElseThrow();
            for (String key : List.of("realm", "nonce_secret", "credentials_file")) {
                if (section.value(key).isEmpty()) {
                    errors.add(at, section.pathOf("challenge"), "networks are challenged but " + section.pathOf(key)
                            + " is missing (expected: realm, nonce_secret and credentials_file whenever challenge is set)");
                }
            }
        }
        if (!challenge.isEmpty() && (realm.isEmpty() || secret.isEmpty())) {
            return d; // reported (missing above, or bad where it was read); the caller throws before using this
        }
        return new AuthConfig(mode, challenge, realm.orElse(""), credentials, secret, lifetime,
                algorithms, methods, failures, replayEntries, watch);
    }

    private static FailureLimits failures(YamlMapping section, ConfigErrors errors) {
        FailureLimits d = FailureLimits.DEFAULT;
        int window = section.integer("window_seconds", 1, 86_400).map(Located::value).orElse(d.windowSeconds());
        Optional<Located<Integer>> perUser = section.integer("per_user", 1, 1_000);
        int perSource = section.integer("per_source", 1, 100_000).map(Located::value).orElse(d.perSource());
        int maxTracked = section.integer("max_tracked", 1_024, 10_000_000).map(Located::value).orElse(d.maxTracked());
        int user = perUser.map(Located::value).orElse(d.perUser());
        if (user > perSource) {
            // The pair limit must bite first: it is what keeps one phone from banning its office.
            Located<Integer> at = perUser.orElseGet(() -> Located.byDefault(user, section.pathOf("per_user")));
            if (at.isWritten()) {
                errors.add(at, user + " is larger than per_source " + perSource + " (expected: per_user <= per_source)");
            } else {
                section.value("per_source").ifPresent(node -> errors.add(node, section.pathOf("per_source"),
                        perSource + " is smaller than per_user " + user + " (default) (expected: per_user <= per_source)"));
            }
            return d;
        }
        return new FailureLimits(window, user, perSource, maxTracked);
    }

    private static <T> boolean distinctNonEmpty(YamlMapping section, String key, List<T> values, ConfigErrors errors) {
        Node node = section.value(key).orElseThrow();
        if (values.isEmpty()) {
            errors.add(node, section.pathOf(key), "empty list (expected: at least one entry)");
            return false;
        }
        if (new HashSet<>(values).size() != values.size()) {
            errors.add(node, section.pathOf(key), values + " (expected: each entry once)");
            return false;
        }
        return true;
    }

    private static String parseRealm(String text) throws InvalidValueException {
        // The realm goes inside a quoted string on the wire; a quote or backslash would end it.
        if (text.isEmpty() || text.length() > 128 || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '"' || c == '\\')) {
            throw new InvalidValueException(quote(text)
                    + " (expected: 1..128 printable characters without quotes or backslashes, e.g. sip.example.com)");
        }
        return text;
    }

    private static NonceSecret parseSecret(String text) throws InvalidValueException {
        // The value itself never appears in a message: it may be the real secret, one typo off.
        if (text.length() < MIN_SECRET_CHARS) {
            throw new InvalidValueException(text.length() + " characters (expected: at least " + MIN_SECRET_CHARS
                    + " random characters, e.g. the output of: openssl rand -hex 32)");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String word : SAMPLE_SECRET_WORDS) {
            if (lower.contains(word)) {
                throw new InvalidValueException("contains the sample word " + quote(word)
                        + " (expected: random characters, e.g. the output of: openssl rand -hex 32)");
            }
        }
        if (text.chars().distinct().count() < 10) {
            throw new InvalidValueException("fewer than 10 distinct characters (expected: random characters, "
                    + "e.g. the output of: openssl rand -hex 32)");
        }
        return new NonceSecret(text);
    }

    private static DigestAlgorithm parseAlgorithm(String text) throws InvalidValueException {
        return DigestAlgorithm.parse(text).orElseThrow(() ->
                new InvalidValueException(quote(text) + " (expected: SHA-256 or MD5)"));
    }

    private static String parseMethod(String text) throws InvalidValueException {
        if (text.equals("ACK") || text.equals("CANCEL")) {
            throw new InvalidValueException(quote(text)
                    + " (expected: a method other than ACK and CANCEL, which cannot be challenged: RFC 3261 §22.1)");
        }
        if (!text.matches("[A-Z]{1,32}")) {
            throw new InvalidValueException(quote(text) + " (expected: an upper-case SIP method such as REGISTER)");
        }
        return text;
    }

    private static Optional<CidrSet> networks(YamlMapping section, String key) {
        return section.items(key, MAX_LIST_ENTRIES, "192.0.2.0/24", NetworkList::parsePrefix).map(CidrSet::of);
    }
}
