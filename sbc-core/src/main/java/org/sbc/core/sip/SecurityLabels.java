package org.sbc.core.sip;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * What the edge decided about a request, carried with it to the B2BUA and into the call's record:
 * the policy rule that let it through, and how its caller was authenticated.
 *
 * @param policyRule the id of the rule that allowed the request, or {@code default}; empty without a policy
 * @param user the authenticated user ({@link Auth#SBC}), or the user the credentials named
 *     ({@link Auth#PBX}); empty for {@link Auth#NONE}
 */
public record SecurityLabels(Optional<String> policyRule, Auth auth, Optional<String> user) {

    /** How the caller was authenticated. */
    public enum Auth {
        /** No credentials, or none that anyone checked. */
        NONE,
        /** The SBC's digest step verified them. */
        SBC,
        /** Passed through to the PBX, which judged them (a call it answered, it accepted them). */
        PBX;

        /** As written in a record: {@code sbc}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final SecurityLabels NONE = new SecurityLabels(Optional.empty(), Auth.NONE, Optional.empty());

    public SecurityLabels {
        requireNonNull(policyRule, "policyRule");
        requireNonNull(auth, "auth");
        requireNonNull(user, "user");
        if ((auth == Auth.NONE) != user.isEmpty()) {
            throw new IllegalArgumentException("user: " + user + " with auth " + auth + " (expected: a user unless none)");
        }
    }

    public SecurityLabels withPolicyRule(String rule) {
        return new SecurityLabels(Optional.of(rule), auth, user);
    }

    public SecurityLabels withAuth(Auth how, String who) {
        return new SecurityLabels(policyRule, how, Optional.of(who));
    }
}
