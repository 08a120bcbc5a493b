package org.sbc.policies;

import java.util.Locale;

/** What happens to a request. A route to a trunk is an {@link #ALLOW} with a trunk. */
public enum Verdict {
    ALLOW,
    /** Answer with a final response (4xx, 5xx, 6xx). */
    REJECT,
    /** Send nothing: a scanner learns nothing, not even that something answers. */
    DROP,
    /** Ask for digest credentials through the SBC's authenticator. */
    CHALLENGE,
    /** Drop and ban the source through the ban table, with the rule as the reason. */
    BAN;

    /** The name in policy files and in the {@code --json} output: {@code allow}, {@code reject}... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
