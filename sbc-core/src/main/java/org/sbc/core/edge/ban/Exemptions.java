package org.sbc.core.edge.ban;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.Optional;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpPrefix;

/**
 * The first two places in the precedence (docs/security.md): {@code security.trusted} is exempt
 * from every step, {@code security.allow} from bans, the flood guard and the rate limiter. Both
 * outrank a ban, so an address inside a banned network but also trusted is still served.
 */
public record Exemptions(CidrSet trusted, CidrSet allow) {

    public static final Exemptions NONE = new Exemptions(CidrSet.empty(), CidrSet.empty());

    /** Which list exempts a source. */
    public enum Kind {
        TRUSTED, ALLOWED;

        public String word() {
            return this == TRUSTED ? "trusted" : "allowed";
        }
    }

    public Exemptions {
        requireNonNull(trusted, "trusted");
        requireNonNull(allow, "allow");
    }

    public boolean isEmpty() {
        return trusted.isEmpty() && allow.isEmpty();
    }

    public Optional<Kind> of(InetAddress address) {
        if (!trusted.isEmpty() && trusted.contains(address)) {
            return Optional.of(Kind.TRUSTED);
        }
        if (!allow.isEmpty() && allow.contains(address)) {
            return Optional.of(Kind.ALLOWED);
        }
        return Optional.empty();
    }

    public boolean exempts(InetAddress address) {
        return !isEmpty() && of(address).isPresent();
    }

    /**
     * The list that holds all of {@code target}, if one does. A network that only overlaps a
     * trusted one may still be banned: its trusted part keeps passing by precedence.
     */
    public Optional<Kind> covering(IpPrefix target) {
        if (within(target, trusted)) {
            return Optional.of(Kind.TRUSTED);
        }
        return within(target, allow) ? Optional.of(Kind.ALLOWED) : Optional.empty();
    }

    private static boolean within(IpPrefix target, CidrSet set) {
        for (IpPrefix prefix : set.prefixes()) {
            if (prefix.length() <= target.length() && prefix.contains(target.network())) {
                return true;
            }
        }
        return false;
    }
}
