package org.sbc.topology.scrub;

/** A message/sipfrag body (RFC 3420) reduced to its start line: the headers name the far side. */
public final class SipfragRewriter {

    private SipfragRewriter() {}

    public static String startLineOnly(String sipfrag) {
        throw new UnsupportedOperationException("not yet");
    }
}
