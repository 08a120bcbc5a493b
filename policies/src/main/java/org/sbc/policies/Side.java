package org.sbc.policies;

/** Which network a request came from; the policy module's own copy of the SBC's vocabulary. */
public enum Side {
    /** The untrusted network: phones, trunks, the internet and its scanners. */
    OUTSIDE,
    /** The PBX side. */
    INSIDE
}
