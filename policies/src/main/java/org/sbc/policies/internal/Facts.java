package org.sbc.policies.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sbc.policies.Numbering;
import org.sbc.policies.PolicyInput;

/**
 * One evaluation's view of a request: the input, plus the labels that earlier {@code tag} rules
 * added, plus the E.164 forms computed on first use. Not shared between threads.
 */
public final class Facts {

    private final PolicyInput input;
    private final Numbering numbering;
    private Map<String, List<String>> tags;
    private int regexBudgetExceeded;
    /** The dialled number's E.164 form; null until first asked (several rules and the prefix index ask). */
    private Optional<String> ruriE164;

    public Facts(PolicyInput input, Numbering numbering) {
        this.input = input;
        this.numbering = numbering;
    }

    public PolicyInput input() {
        return input;
    }

    /** Every value of {@code field} (several for a repeated header or label), possibly none. */
    public List<String> text(Field field, String name) {
        return switch (field) {
            case METHOD -> List.of(input.method());
            case SIDE -> List.of(input.side().name().toLowerCase(Locale.ROOT));
            case TRANSPORT -> List.of(input.transport().name().toLowerCase(Locale.ROOT));
            case RURI_USER -> list(input.ruriUser());
            case RURI_HOST -> list(input.ruriHost());
            case RURI_E164 -> list(ruriE164());
            case FROM_USER -> list(input.fromUser());
            case FROM_DOMAIN -> list(input.fromDomain());
            case FROM_E164 -> list(input.fromUser().flatMap(numbering::normalise));
            case TO_USER -> list(input.toUser());
            case TO_DOMAIN -> list(input.toDomain());
            case TO_E164 -> list(input.toUser().flatMap(numbering::normalise));
            case USER_AGENT -> list(input.userAgent());
            case AUTH_USER -> list(input.authenticatedUser());
            case TRUNK -> list(input.trunk());
            case HEADER -> input.headers(name);
            case LABEL -> labels(name);
            case COUNTRY -> labels("country");
            case ASN -> labels("asn");
            default -> throw new IllegalArgumentException("field: " + field + " (expected: a text field)");
        };
    }

    /** The Request-URI user's E.164 form under the policy's numbering plan, if it has one. */
    public Optional<String> ruriE164() {
        if (ruriE164 == null) {
            ruriE164 = input.ruriUser().flatMap(numbering::normalise);
        }
        return ruriE164;
    }

    public boolean flag(Field field) {
        return switch (field) {
            case AUTHENTICATED -> input.authenticatedUser().isPresent();
            case REGISTERED -> input.registered();
            case TRUSTED -> input.trusted();
            default -> throw new IllegalArgumentException("field: " + field + " (expected: a flag)");
        };
    }

    public List<String> labels(String name) {
        List<String> given = input.labels(name);
        List<String> added = tags == null ? null : tags.get(name);
        if (added == null) {
            return given;
        }
        List<String> all = new ArrayList<>(given);
        all.addAll(added);
        return all;
    }

    /** A label from a {@code tag} action, seen by the rules after it. */
    public void tag(String name, String value) {
        if (tags == null) {
            tags = new HashMap<>();
        }
        tags.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    public Map<String, List<String>> tags() {
        Map<String, List<String>> copy = new HashMap<>();
        if (tags != null) {
            tags.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        }
        return Map.copyOf(copy);
    }

    void regexBudgetExceeded() {
        regexBudgetExceeded++;
    }

    public int regexBudgetExceededCount() {
        return regexBudgetExceeded;
    }

    private static List<String> list(Optional<String> value) {
        return value.isPresent() ? List.of(value.get()) : List.of();
    }
}
