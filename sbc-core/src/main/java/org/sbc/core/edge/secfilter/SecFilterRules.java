package org.sbc.core.edge.secfilter;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.sbc.core.codec.NameAddress;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipUri;
import org.sbc.policies.Mode;
import org.sbc.core.edge.secfilter.SecFilterConfig.Block;
import org.sbc.core.events.SecurityEventType;

/**
 * One immutable snapshot of the secfilter lists and the checks over them, in order: source,
 * User-Agent, users, domains, destination, injection. The first list that denies a request
 * decides; an allow entry exempts the request from the deny entries of its own list only.
 * Shared by every event loop, swapped whole on reload.
 */
final class SecFilterRules {

    /** A list denied the request. {@code rule} is the config path of the entry, never the matched text. */
    record Hit(String rule, SecurityEventType type, Block block, boolean budgetExceeded) {
        Hit {
            requireNonNull(rule, "rule");
            requireNonNull(type, "type");
            requireNonNull(block, "block");
        }
    }

    private final SecFilterConfig config;

    SecFilterRules(SecFilterConfig config) {
        this.config = requireNonNull(config, "config");
    }

    SecFilterConfig config() {
        return config;
    }

    Mode mode() {
        return config.mode();
    }

    Optional<Hit> check(SipRequest request, InetAddress source) {
        Optional<Hit> hit = checkSource(source);
        if (hit.isEmpty()) {
            hit = checkUserAgent(request);
        }
        if (hit.isEmpty() && (!config.user().deny().isEmpty() || !config.domain().deny().isEmpty())) {
            hit = checkParties(request);
        }
        if (hit.isEmpty()) {
            hit = checkDestination(request.requestUri());
        }
        if (hit.isEmpty() && config.injection().enabled()) {
            hit = checkInjection(request);
        }
        return hit;
    }

    private Optional<Hit> checkSource(InetAddress source) {
        var rules = config.source();
        if (rules.deny().contains(source) && !rules.allow().contains(source)) {
            return Optional.of(new Hit("source.deny", SecurityEventType.BLOCK, rules.block(), false));
        }
        return Optional.empty();
    }

    private Optional<Hit> checkUserAgent(SipRequest request) {
        var rules = config.userAgent();
        if (rules.deny().isEmpty() && rules.denyRegex().isEmpty()) {
            return Optional.empty();
        }
        Optional<String> header = request.header("User-Agent");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String userAgent = header.get();
        String lower = userAgent.toLowerCase(Locale.ROOT);
        for (String allowed : rules.allow()) {
            if (lower.contains(allowed)) {
                return Optional.empty();
            }
        }
        for (CompiledRegex allowed : rules.allowRegex()) {
            // An allow match that ran out of budget is no allow: fail closed.
            if (BoundedRegex.find(allowed.pattern(), userAgent) == BoundedRegex.Match.FOUND) {
                return Optional.empty();
            }
        }
        for (int i = 0; i < rules.deny().size(); i++) {
            if (lower.contains(rules.deny().get(i))) {
                return Optional.of(new Hit("user_agent.deny[" + i + "]", SecurityEventType.SCANNER, rules.block(), false));
            }
        }
        for (int i = 0; i < rules.denyRegex().size(); i++) {
            BoundedRegex.Match match = BoundedRegex.find(rules.denyRegex().get(i).pattern(), userAgent);
            if (match != BoundedRegex.Match.NOT_FOUND) {
                return Optional.of(new Hit("user_agent.deny_regex[" + i + "]", SecurityEventType.SCANNER, rules.block(),
                        match == BoundedRegex.Match.BUDGET_EXCEEDED));
            }
        }
        return Optional.empty();
    }

    /** From, To and every Contact: user parts against {@code user}, hosts against {@code domain}. */
    private Optional<Hit> checkParties(SipRequest request) {
        for (Party party : parties(request)) {
            SipUri uri = party.address().uri().orElse(null);
            if (uri == null || !uri.isSip()) {
                continue;
            }
            String user = uri.user();
            if (user != null) {
                String name = PercentDecoding.decode(user).toLowerCase(Locale.ROOT);
                if (config.user().deny().contains(name) && !config.user().allow().contains(name)) {
                    return Optional.of(new Hit("user.deny (" + party.header() + ")", SecurityEventType.BLOCK,
                            config.user().block(), false));
                }
            }
            String host = uri.host();
            if (host != null && matchesDomain(config.domain().deny(), host) && !matchesDomain(config.domain().allow(), host)) {
                return Optional.of(new Hit("domain.deny (" + party.header() + ")", SecurityEventType.BLOCK,
                        config.domain().block(), false));
            }
        }
        return Optional.empty();
    }

    /** Exact name, or an entry {@code .example.com} for example.com and any name below it. */
    static boolean matchesDomain(Set<String> entries, String host) {
        if (entries.isEmpty()) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (entries.contains(name) || entries.contains("." + name)) {
            return true;
        }
        for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
            if (entries.contains(name.substring(dot))) {
                return true;
            }
        }
        return false;
    }

    private Optional<Hit> checkDestination(SipUri requestUri) {
        var rules = config.destination();
        if (rules.denyPrefix().isEmpty() && rules.denyRegex().isEmpty()) {
            return Optional.empty();
        }
        Optional<String> number = destinationOf(requestUri);
        if (number.isEmpty()) {
            return Optional.empty();
        }
        String dialed = number.get();
        for (String allowed : rules.allowPrefix()) {
            if (dialed.startsWith(allowed)) {
                return Optional.empty();
            }
        }
        for (int i = 0; i < rules.denyPrefix().size(); i++) {
            if (dialed.startsWith(rules.denyPrefix().get(i))) {
                return Optional.of(new Hit("destination.deny_prefix[" + i + "]", SecurityEventType.BLOCK, rules.block(), false));
            }
        }
        for (int i = 0; i < rules.denyRegex().size(); i++) {
            BoundedRegex.Match match = BoundedRegex.find(rules.denyRegex().get(i).pattern(), dialed);
            if (match != BoundedRegex.Match.NOT_FOUND) {
                return Optional.of(new Hit("destination.deny_regex[" + i + "]", SecurityEventType.BLOCK, rules.block(),
                        match == BoundedRegex.Match.BUDGET_EXCEEDED));
            }
        }
        return Optional.empty();
    }

    /** The dialed number: a SIP URI's user part (percent-decoded) or a tel URI's number. */
    static Optional<String> destinationOf(SipUri uri) {
        if (uri.isSip() && uri.user() != null) {
            return Optional.of(PercentDecoding.decode(uri.user()));
        }
        return uri.telNumber();
    }

    private Optional<Hit> checkInjection(SipRequest request) {
        List<String> fields = new ArrayList<>();
        destinationOf(request.requestUri()).ifPresent(fields::add);
        for (Party party : parties(request)) {
            fields.add(party.address().displayName());
            party.address().uri().filter(SipUri::isSip).ifPresent(uri -> {
                fields.add(uri.user());
                fields.add(uri.host());
            });
        }
        for (String field : fields) {
            Optional<InjectionCheck.Finding> finding = InjectionCheck.check(field);
            if (finding.isPresent()) {
                return Optional.of(new Hit(finding.get().rule(), SecurityEventType.BLOCK, config.injection().block(), false));
            }
        }
        return Optional.empty();
    }

    private record Party(String header, NameAddress address) {}

    private static List<Party> parties(SipRequest request) {
        List<Party> parties = new ArrayList<>(4);
        request.from().ifPresent(from -> parties.add(new Party("From", from)));
        request.to().ifPresent(to -> parties.add(new Party("To", to)));
        for (NameAddress contact : request.contacts()) {
            parties.add(new Party("Contact", contact));
        }
        return parties;
    }

    /** Entry counts for the reload answer: our numbers, no list content. */
    String summary() {
        return "user_agent.deny " + (config.userAgent().deny().size() + config.userAgent().denyRegex().size())
                + ", source.deny " + config.source().deny().size()
                + ", user.deny " + config.user().deny().size()
                + ", domain.deny " + config.domain().deny().size()
                + ", destination.deny " + (config.destination().denyPrefix().size() + config.destination().denyRegex().size())
                + ", injection " + (config.injection().enabled() ? "on" : "off")
                + ", mode " + config.mode().word();
    }
}
