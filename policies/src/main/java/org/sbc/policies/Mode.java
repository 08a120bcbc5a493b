package org.sbc.policies;

/** Whether a rule acts, or only records what it would have done (to try a rule on live traffic). */
public enum Mode {
    ENFORCE,
    MONITOR
}
