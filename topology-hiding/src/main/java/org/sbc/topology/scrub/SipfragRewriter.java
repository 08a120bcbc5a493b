package org.sbc.topology.scrub;

/**
 * A message/sipfrag body (RFC 3420) reduced to its start line: the headers name the far side.
 *
 * <p>A REFER's NOTIFY carries the far end's answer as a sipfrag; its Via, Contact and
 * Record-Route would show the inside. The status line (or request line) is all the transferor
 * needs (RFC 3515 section 2.4.5).
 */
public final class SipfragRewriter {

    private SipfragRewriter() {}

    /** The first non-blank line followed by CRLF; "" for an empty or blank body. */
    public static String startLineOnly(String sipfrag) {
        if (sipfrag == null) {
            return "";
        }
        int start = 0;
        int length = sipfrag.length();
        while (start < length) {
            int end = start;
            while (end < length && sipfrag.charAt(end) != '\r' && sipfrag.charAt(end) != '\n') {
                end++;
            }
            String line = sipfrag.substring(start, end).strip();
            if (!line.isEmpty()) {
                return line + "\r\n";
            }
            start = end + 1;
        }
        return "";
    }
}
