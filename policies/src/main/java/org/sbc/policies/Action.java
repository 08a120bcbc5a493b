package org.sbc.policies;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a rule does, as data. A rule with a {@link #verdict()} ends the evaluation; one without
 * (only {@code tag}, header edits, or a {@code rate_limit} that is not exceeded) applies its
 * changes and lets the next rules decide.
 *
 * @param verdict allow, reject, drop, challenge or ban; empty for a rule that only modifies
 * @param code the final response code of a reject (400..699), 0 otherwise
 * @param reason the reason phrase of a reject; what the outside sees, so never an inside detail
 * @param banSeconds how long a ban lasts, 0 otherwise
 * @param trunk for {@code route}: the trunk the request goes to (an allow)
 * @param rateLimit the limit this rule enforces, if it is a {@code rate_limit}
 * @param headerEdits header changes for sbc-core to apply, in order
 * @param tags labels for later rules, events and call records
 */
public record Action(Optional<Verdict> verdict, int code, String reason, long banSeconds, Optional<String> trunk,
        Optional<RateLimit> rateLimit, List<HeaderEdit> headerEdits, Map<String, String> tags) {

    public Action {
        requireNonNull(verdict, "verdict");
        requireNonNull(reason, "reason");
        requireNonNull(trunk, "trunk");
        requireNonNull(rateLimit, "rateLimit");
        headerEdits = List.copyOf(headerEdits);
        tags = Map.copyOf(tags);
        if (verdict.equals(Optional.of(Verdict.REJECT)) != (code != 0)
                || (code != 0 && (code < 400 || code > 699))) {
            throw new IllegalArgumentException("code: " + code + " (expected: 400..699 exactly for reject)");
        }
        if (verdict.equals(Optional.of(Verdict.BAN)) != (banSeconds > 0)) {
            throw new IllegalArgumentException("banSeconds: " + banSeconds + " (expected: > 0 exactly for ban)");
        }
        if (trunk.isPresent() && !verdict.equals(Optional.of(Verdict.ALLOW))) {
            throw new IllegalArgumentException("trunk: " + trunk.get() + " (expected: only with allow)");
        }
        if (rateLimit.isPresent() && verdict.isPresent()) {
            throw new IllegalArgumentException("rateLimit with " + verdict.get() + " (expected: a rate_limit alone)");
        }
    }

    public static Action of(Verdict verdict) {
        return new Action(Optional.of(verdict), verdict == Verdict.REJECT ? 403 : 0,
                verdict == Verdict.REJECT ? "Forbidden" : "", 0, Optional.empty(), Optional.empty(), List.of(),
                Map.of());
    }

    public boolean isTerminal() {
        return verdict.isPresent();
    }

    /** One line for explanations: {@code reject 403 Forbidden}, {@code ban 600s}, {@code tag class=premium}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        verdict.ifPresent(v -> parts.add(switch (v) {
            case REJECT -> "reject " + code + " " + reason;
            case BAN -> "ban " + banSeconds + "s";
            case ALLOW -> trunk.map(t -> "route " + t).orElse("allow");
            default -> v.key();
        }));
        rateLimit.ifPresent(limit -> parts.add("rate_limit " + limit + " (over: reject " + limit.rejectCode() + ")"));
        headerEdits.forEach(edit -> parts.add((edit instanceof HeaderEdit.Set ? "set_header "
                : edit instanceof HeaderEdit.Rewrite ? "rewrite_header " : "remove_header ") + edit.name()));
        tags.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> parts.add("tag " + e.getKey() + "=" + e.getValue()));
        return String.join(", ", parts);
    }
}
