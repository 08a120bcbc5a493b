package org.sbc.core.edge.secfilter;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sbc.feeds.CidrSet;
import org.sbc.policies.Mode;

/**
 * The {@code security.secfilter:} section (like Kamailio's secfilter): allow and deny lists per
 * field, and injection checks. In every list, an allow entry exempts a message from the deny
 * entries of the same list only; it never skips the other lists.
 *
 * @param mode {@code monitor} counts and reports what would be blocked and lets it pass
 */
public record SecFilterConfig(
        Mode mode,
        UserAgentRules userAgent,
        SourceRules source,
        NameRules user,
        NameRules domain,
        DestinationRules destination,
        InjectionRules injection) {

    /** The signatures of the SIP scanners seen on the internet; matched as case-insensitive substrings. */
    public static final List<String> SCANNER_SIGNATURES = List.of(
            "friendly-scanner", "sipvicious", "sipcli", "sip-scan", "VaxSIPUserAgent", "pplsip", "iWar", "SIVuS");

    /**
     * Scanners are dropped without an answer (an answer confirms a SIP service to map) and
     * banned; other denials get a 403 so that a misconfigured but honest client learns why.
     */
    public static final SecFilterConfig DEFAULT = new SecFilterConfig(
            Mode.ENFORCE,
            new UserAgentRules(SCANNER_SIGNATURES, List.of(), List.of(), List.of(), new Block(BlockAction.DROP, true)),
            new SourceRules(CidrSet.empty(), CidrSet.empty(), new Block(BlockAction.DROP, false)),
            new NameRules(Set.of(), Set.of(), new Block(BlockAction.REJECT, false)),
            new NameRules(Set.of(), Set.of(), new Block(BlockAction.REJECT, false)),
            new DestinationRules(List.of(), List.of(), List.of(), new Block(BlockAction.REJECT, false)),
            new InjectionRules(true, new Block(BlockAction.REJECT, false)));

    public SecFilterConfig {
        requireNonNull(mode, "mode");
        requireNonNull(userAgent, "userAgent");
        requireNonNull(source, "source");
        requireNonNull(user, "user");
        requireNonNull(domain, "domain");
        requireNonNull(destination, "destination");
        requireNonNull(injection, "injection");
    }

    /** What a list does with a message that its deny entries match. */
    public enum BlockAction {
        /** No answer at all: a scanner learns nothing, not even that SIP is spoken here. */
        DROP,
        /** {@code 403 Forbidden}. */
        REJECT;

        public String token() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @param ban also ask the ban table to ban the source address */
    public record Block(BlockAction action, boolean ban) {
        public Block {
            requireNonNull(action, "action");
        }
    }

    /**
     * User-Agent rules. Substrings are kept lower-case and matched case-insensitively; regexes
     * are compiled case-insensitive.
     */
    public record UserAgentRules(
            List<String> deny, List<CompiledRegex> denyRegex, List<String> allow, List<CompiledRegex> allowRegex,
            Block block) {
        public UserAgentRules {
            deny = lowerCase(deny);
            denyRegex = List.copyOf(denyRegex);
            allow = lowerCase(allow);
            allowRegex = List.copyOf(allowRegex);
            requireNonNull(block, "block");
        }
    }

    /** Source networks, matched on the parsed address (never as text prefixes). */
    public record SourceRules(CidrSet deny, CidrSet allow, Block block) {
        public SourceRules {
            requireNonNull(deny, "deny");
            requireNonNull(allow, "allow");
            requireNonNull(block, "block");
        }
    }

    /**
     * Users (From/To/Contact user parts) or domains (their hosts): exact, case-insensitive
     * entries. A domain entry starting with a dot ({@code .example.com}) matches that name and
     * every name below it.
     */
    public record NameRules(Set<String> deny, Set<String> allow, Block block) {
        public NameRules {
            deny = Set.copyOf(lowerCase(List.copyOf(deny)));
            allow = Set.copyOf(lowerCase(List.copyOf(allow)));
            requireNonNull(block, "block");
        }
    }

    /** Destination numbers: the Request-URI user part (or tel number), by prefix or regex. */
    public record DestinationRules(
            List<String> denyPrefix, List<CompiledRegex> denyRegex, List<String> allowPrefix, Block block) {
        public DestinationRules {
            denyPrefix = List.copyOf(denyPrefix);
            denyRegex = List.copyOf(denyRegex);
            allowPrefix = List.copyOf(allowPrefix);
            requireNonNull(block, "block");
        }
    }

    /** SQL-injection patterns and (percent-encoded) control characters in user, display name and domain. */
    public record InjectionRules(boolean enabled, Block block) {
        public InjectionRules {
            requireNonNull(block, "block");
        }
    }

    private static List<String> lowerCase(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }
}
