package org.sbc.core.edge.secfilter;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.core.config.yaml.HostNames;
import org.sbc.core.config.yaml.ModeField;
import org.sbc.core.config.yaml.NetworkList;
import org.sbc.core.edge.secfilter.SecFilterConfig.Block;
import org.sbc.core.edge.secfilter.SecFilterConfig.BlockAction;
import org.sbc.core.edge.secfilter.SecFilterConfig.DestinationRules;
import org.sbc.core.edge.secfilter.SecFilterConfig.InjectionRules;
import org.sbc.core.edge.secfilter.SecFilterConfig.NameRules;
import org.sbc.core.edge.secfilter.SecFilterConfig.SourceRules;
import org.sbc.core.edge.secfilter.SecFilterConfig.UserAgentRules;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpLiteral;
import org.sbc.policies.Mode;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.Located;
import org.sbc.policies.yaml.YamlMapping;

/** Stage 1 for {@code security.secfilter}: every list read and checked where it is written. */
public final class SecFilterSectionReader {

    public static final List<String> KEYS =
            List.of("mode", "user_agent", "source", "user", "domain", "destination", "injection");
    private static final List<String> USER_AGENT_KEYS = List.of("deny", "deny_regex", "allow", "allow_regex", "action", "ban");
    private static final List<String> LIST_KEYS = List.of("deny", "allow", "action", "ban");
    private static final List<String> DESTINATION_KEYS = List.of("deny_prefix", "deny_regex", "allow_prefix", "action", "ban");
    private static final List<String> INJECTION_KEYS = List.of("enabled", "action", "ban");

    /** Bounds each list: matching cost grows with substring and regex lists. */
    static final int MAX_LIST_ENTRIES = 10_000;
    static final int MAX_ENTRY_CHARS = 256;

    private SecFilterSectionReader() {}

    public static SecFilterConfig read(YamlMapping section, ConfigErrors errors) {
        SecFilterConfig d = SecFilterConfig.DEFAULT;
        Mode mode = section.parsed("mode", "enforce", ModeField::parse).map(Located::value).orElse(d.mode());
        UserAgentRules userAgent = section.mapping("user_agent", USER_AGENT_KEYS).map(s -> new UserAgentRules(
                texts(s, "deny").orElse(d.userAgent().deny()),
                regexes(s, "deny_regex").orElse(d.userAgent().denyRegex()),
                texts(s, "allow").orElse(d.userAgent().allow()),
                regexes(s, "allow_regex").orElse(d.userAgent().allowRegex()),
                block(s, d.userAgent().block(), errors))).orElse(d.userAgent());
        SourceRules source = section.mapping("source", LIST_KEYS).map(s -> new SourceRules(
                networks(s, "deny").orElse(d.source().deny()),
                networks(s, "allow").orElse(d.source().allow()),
                block(s, d.source().block(), errors))).orElse(d.source());
        NameRules user = section.mapping("user", LIST_KEYS).map(s -> new NameRules(
                Set.copyOf(texts(s, "deny").orElse(List.of())),
                Set.copyOf(texts(s, "allow").orElse(List.of())),
                block(s, d.user().block(), errors))).orElse(d.user());
        NameRules domain = section.mapping("domain", LIST_KEYS).map(s -> new NameRules(
                Set.copyOf(domains(s, "deny").orElse(List.of())),
                Set.copyOf(domains(s, "allow").orElse(List.of())),
                block(s, d.domain().block(), errors))).orElse(d.domain());
        DestinationRules destination = section.mapping("destination", DESTINATION_KEYS).map(s -> new DestinationRules(
                numberPrefixes(s, "deny_prefix", "'00' or '+882'").orElse(List.of()),
                regexes(s, "deny_regex").orElse(List.of()),
                numberPrefixes(s, "allow_prefix", "'112'").orElse(List.of()),
                block(s, d.destination().block(), errors))).orElse(d.destination());
        InjectionRules injection = section.mapping("injection", INJECTION_KEYS).map(s -> new InjectionRules(
                s.bool("enabled").map(Located::value).orElse(d.injection().enabled()),
                block(s, d.injection().block(), errors))).orElse(d.injection());
        return new SecFilterConfig(mode, userAgent, source, user, domain, destination, injection);
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

    private static Optional<List<String>> texts(YamlMapping section, String key) {
        return section.items(key, MAX_LIST_ENTRIES, "friendly-scanner", SecFilterSectionReader::parseText);
    }

    private static Optional<List<CompiledRegex>> regexes(YamlMapping section, String key) {
        return section.items(key, MAX_LIST_ENTRIES, "^sipcli/", CompiledRegex::compile);
    }

    private static Optional<List<String>> domains(YamlMapping section, String key) {
        return section.items(key, MAX_LIST_ENTRIES, "sip.example.com or .example.com", SecFilterSectionReader::parseDomain);
    }

    private static Optional<List<String>> numberPrefixes(YamlMapping section, String key, String form) {
        return section.items(key, MAX_LIST_ENTRIES, form, SecFilterSectionReader::parseNumberPrefix);
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

    private static Optional<CidrSet> networks(YamlMapping section, String key) {
        return section.items(key, MAX_LIST_ENTRIES, "192.0.2.0/24", NetworkList::parsePrefix).map(CidrSet::of);
    }
}
