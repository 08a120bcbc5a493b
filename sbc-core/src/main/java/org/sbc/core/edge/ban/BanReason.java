package org.sbc.core.edge.ban;

/** Why an address was banned; the step that asked for it. */
public enum BanReason {
    FLOOD,
    AUTH,
    SCANNER,
    POLICY,
    FEED,
    MANUAL
}
