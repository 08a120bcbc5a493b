package org.sbc.media.relay;

/** What the per-packet path decides about one datagram: a status, never an exception. */
enum Admission {
    /** From the leg's peer: relay it. */
    ACCEPTED,
    /** Not RTP/RTCP version 2, or shorter than its fixed header: drop and count as malformed. */
    MALFORMED,
    /** Valid, but from a source the leg does not accept (RTP bleed, STRICT): drop and count. */
    REFUSED
}
