package org.sbc.core.config;

import static org.sbc.core.config.yaml.ConfigErrors.quote;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.sbc.core.config.AuthConfig.FailureLimits;
import org.sbc.core.config.AuthConfig.NonceSecret;
import org.sbc.core.config.SecFilterConfig.Block;
import org.sbc.core.config.SecFilterConfig.BlockAction;
import org.sbc.core.config.SecFilterConfig.DestinationRules;
import org.sbc.core.config.SecFilterConfig.InjectionRules;
import org.sbc.core.config.SecFilterConfig.NameRules;
import org.sbc.core.config.SecFilterConfig.SourceRules;
import org.sbc.core.config.SecFilterConfig.UserAgentRules;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.core.config.yaml.ConfigPaths;
import org.sbc.core.config.yaml.InvalidValueException;
import org.sbc.core.config.yaml.Located;
import org.sbc.core.config.yaml.YamlMapping;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpLiteral;
import org.sbc.feeds.IpPrefix;
import org.sbc.policies.Mode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Stage 1 for {@code security.secfilter} and {@code security.auth}. The few rules that span
 * fields of one section (auth needs realm, secret and credentials once it challenges anyone)
 * are checked here, at the section, because both values are in hand.
 */
final class SecuritySection {

    static final List<String> SECFILTER_KEYS =
            List.of("mode", "user_agent", "source", "user", "domain", "destination", "injection");
    private static final List<String> USER_AGENT_KEYS = List.of("deny", "deny_regex", "allow", "allow_regex", "action", "ban");
    private static final List<String> LIST_KEYS = List.of("deny", "allow", "action", "ban");
    private static final List<String> DESTINATION_KEYS = List.of("deny_prefix", "deny_regex", "allow_prefix", "action", "ban");
    private static final List<String> INJECTION_KEYS = List.of("enabled", "action", "ban");
    static final List<String> AUTH_KEYS = List.of("mode", "challenge", "watch", "realm", "credentials_file", "nonce_secret",
            "nonce_lifetime_seconds", "algorithms", "methods", "failures", "replay_table_entries");
    private static final List<String> FAILURE_KEYS = List.of("window_seconds", "per_user", "per_source", "max_tracked");

    /** Bounds each list: matching cost grows with substring and regex lists. */
    static final int MAX_LIST_ENTRIES = 10_000;
    static final int MAX_ENTRY_CHARS = 256;
    static final int MIN_SECRET_CHARS = 32;
    /** Sample and placeholder words; a real secret (openssl rand -hex 32) contains none of them. */
    static final List<String> SAMPLE_SECRET_WORDS =
            List.of("changeme", "change-me", "change_me", "secret", "password", "example", "sample", "default", "nonce");

    private SecuritySection() {}

    static SecFilterConfig secfilter(YamlMapping section, ConfigErrors errors) {
        SecFilterConfig d = SecFilterConfig.DEFAULT;
        Mode mode = mode(section, errors).orElse(d.mode());
        UserAgentRules userAgent = section.mapping("user_agent", USER_AGENT_KEYS).map(s -> new UserAgentRules(
                texts(s, "deny", errors).orElse(d.userAgent().deny()),
                regexes(s, "deny_regex", errors).orElse(d.userAgent().denyRegex()),
                texts(s, "allow", errors).orElse(d.userAgent().allow()),
                regexes(s, "allow_regex", errors).orElse(d.userAgent().allowRegex()),
                block(s, d.userAgent().block(), errors))).orElse(d.userAgent());
        SourceRules source = section.mapping("source", LIST_KEYS).map(s -> new SourceRules(
                networks(s, "deny", errors).orElse(d.source().deny()),
                networks(s, "allow", errors).orElse(d.source().allow()),
                block(s, d.source().block(), errors))).orElse(d.source());
        NameRules user = section.mapping("user", LIST_KEYS).map(s -> new NameRules(
                Set.copyOf(texts(s, "deny", errors).orElse(List.of())),
                Set.copyOf(texts(s, "allow", errors).orElse(List.of())),
                block(s, d.user().block(), errors))).orElse(d.user());
        NameRules domain = section.mapping("domain", LIST_KEYS).map(s -> new NameRules(
                Set.copyOf(list(s, "deny", "sip.example.com or .example.com", SecuritySection::parseDomain, errors)
                        .orElse(List.of())),
                Set.copyOf(list(s, "allow", "sip.example.com or .example.com", SecuritySection::parseDomain, errors)
                        .orElse(List.of())),
                block(s, d.domain().block(), errors))).orElse(d.domain());
        DestinationRules destination = section.mapping("destination", DESTINATION_KEYS).map(s -> new DestinationRules(
                list(s, "deny_prefix", "'00' or '+882'", SecuritySection::parseNumberPrefix, errors).orElse(List.of()),
                regexes(s, "deny_regex", errors).orElse(List.of()),
                list(s, "allow_prefix", "'112'", SecuritySection::parseNumberPrefix, errors).orElse(List.of()),
                block(s, d.destination().block(), errors))).orElse(d.destination());
        InjectionRules injection = section.mapping("injection", INJECTION_KEYS).map(s -> new InjectionRules(
                s.bool("enabled").map(Located::value).orElse(d.injection().enabled()),
                block(s, d.injection().block(), errors))).orElse(d.injection());
        return new SecFilterConfig(mode, userAgent, source, user, domain, destination, injection);
    }

    static AuthConfig auth(YamlMapping section, ConfigErrors errors, Path baseDir) {
        AuthConfig d = AuthConfig.DEFAULT;
        Mode mode = mode(section, errors).orElse(d.mode());
        CidrSet challenge = networks(section, "challenge", errors).orElse(d.challenge());
        CidrSet watch = networks(section, "watch", errors).orElse(d.watch());
        Optional<String> realm = section.parsed("realm", "sip.example.com", SecuritySection::parseRealm)
                .map(Located::value);
        Optional<NonceSecret> secret = section.parsed("nonce_secret", "the output of: openssl rand -hex 32",
                SecuritySection::parseSecret).map(Located::value);
        int lifetime = section.integer("nonce_lifetime_seconds", 10, 3_600).map(Located::value)
                .orElse(d.nonceLifetimeSeconds());
        List<DigestAlgorithm> algorithms = list(section, "algorithms", "SHA-256", SecuritySection::parseAlgorithm, errors)
                .filter(values -> distinctNonEmpty(section, "algorithms", values, errors))
                .orElse(d.algorithms());
        Set<String> methods = list(section, "methods", "REGISTER", SecuritySection::parseMethod, errors)
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

    private static Optional<Mode> mode(YamlMapping section, ConfigErrors errors) {
        return section.parsed("mode", "enforce", text -> Mode.ofWord(text).orElseThrow(() ->
                new InvalidValueException(quote(text) + " (expected: enforce or monitor)"))).map(Located::value);
    }

    private static Block block(YamlMapping section, Block defaults, ConfigErrors errors) {
        BlockAction action = section.parsed("action", "drop", text -> switch (text) {
            case "drop" -> BlockAction.DROP;
            case "reject" -> BlockAction.REJECT;
            default -> throw new InvalidValueException(quote(text) + " (expected: drop or reject)");
        }).map(Located::value).orElse(defaults.action());
        boolean ban = section.bool("ban").map(Located::value).orElse(defaults.ban());
        return new Block(action, ban);
    }

    private static Optional<List<String>> texts(YamlMapping section, String key, ConfigErrors errors) {
        return list(section, key, "friendly-scanner", SecuritySection::parseText, errors);
    }

    private static Optional<List<CompiledRegex>> regexes(YamlMapping section, String key, ConfigErrors errors) {
        return list(section, key, "^sipcli/", CompiledRegex::compile, errors);
    }

    private static Optional<CidrSet> networks(YamlMapping section, String key, ConfigErrors errors) {
        return list(section, key, "192.0.2.0/24", EdgeSecurityReader::parsePrefix, errors).map(CidrSet::of);
    }

    /** Every item of the list under {@code key} through {@code parser}; bad items are reported. */
    private static <T> Optional<List<T>> list(YamlMapping section, String key, String form,
            YamlMapping.ValueParser<T> parser, ConfigErrors errors) {
        return section.sequence(key, MAX_LIST_ENTRIES).map(nodes -> {
            List<T> values = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                YamlMapping.parseScalar(nodes.get(i), section.pathOf(key) + "[" + i + "]", form, parser, errors)
                        .ifPresent(v -> values.add(v.value()));
            }
            return values;
        });
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

    private static String parseText(String text) throws InvalidValueException {
        if (text.isEmpty() || text.length() > MAX_ENTRY_CHARS || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidValueException(quote(text) + " (expected: 1.." + MAX_ENTRY_CHARS
                    + " printable characters)");
        }
        return text;
    }

    private static String parseDomain(String text) throws InvalidValueException {
        String name = text.startsWith(".") ? text.substring(1) : text;
        if (HostNames.isDnsName(name) || IpLiteral.parseUriHost(name).isPresent()) {
            return text.toLowerCase(Locale.ROOT);
        }
        throw new InvalidValueException("bad domain " + quote(text)
                + " (expected: a DNS name, .name for it and every name below, or an IP literal)");
    }

    private static String parseNumberPrefix(String text) throws InvalidValueException {
        if (!text.matches("[0-9A-Za-z+*#._-]{1,64}")) {
            throw new InvalidValueException(quote(text)
                    + " (expected: 1..64 digits, letters or + * # . _ -, as the Request-URI user part starts)");
        }
        return text;
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
}
