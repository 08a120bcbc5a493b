package org.sbc.topology.scrub;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the SBC's address where an SDP names the far end's: o=, c=, a=rtcp; drops ICE candidates.
 *
 * <p>Works line by line on the text (RFC 8866 section 5), keeping each line's own ending (CRLF
 * or a bare LF), so everything it does not name passes byte for byte:
 * <ul>
 *   <li>{@code o=} keeps username, sess-id, sess-version and nettype; addrtype and address
 *       become the SBC's;
 *   <li>{@code c=} keeps nettype; addrtype and address become the SBC's, and a multicast
 *       {@code /ttl/count} suffix is dropped (it described the far end's group). The null address
 *       ({@code 0.0.0.0}, {@code ::}: a hold, RFC 3264 §8.4) names nobody and stays the null
 *       address, written in the SBC's addrtype: made the SBC's, it would take the hold back;
 *   <li>{@code a=rtcp:PORT nettype addrtype address} (RFC 3605) gets the SBC's address; a bare
 *       {@code a=rtcp:PORT} already means the c= address and stays;
 *   <li>{@code a=candidate:} and {@code a=remote-candidates:} (RFC 8839) list the far end's
 *       addresses and go.
 * </ul>
 * An o= or c= line of the wrong shape is left alone: the SDP is the media anchor's to refuse.
 */
public final class SdpRewriter {

    private static final Pattern RTCP = Pattern.compile("a=rtcp:(\\d+) (\\S+) (\\S+) (\\S+)");

    private SdpRewriter() {}

    /** @param address the SBC's media address, IPv4 or IPv6 (brackets allowed) */
    public static String rewrite(String sdp, String address) {
        if (sdp == null || sdp.isEmpty()) {
            return sdp;
        }
        String bare = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        String addrtype = bare.indexOf(':') >= 0 ? "IP6" : "IP4";
        StringBuilder out = new StringBuilder(sdp.length() + 32);
        int start = 0;
        while (start < sdp.length()) {
            int lf = sdp.indexOf('\n', start);
            int next = lf < 0 ? sdp.length() : lf + 1;
            int contentEnd = lf < 0 ? sdp.length() : (lf > start && sdp.charAt(lf - 1) == '\r' ? lf - 1 : lf);
            String line = sdp.substring(start, contentEnd);
            String ending = sdp.substring(contentEnd, next);
            String rewritten = rewriteLine(line, addrtype, bare);
            if (rewritten != null) {
                out.append(rewritten).append(ending);
            }
            start = next;
        }
        return out.toString();
    }

    /** The line rewritten, or null to drop it. */
    private static String rewriteLine(String line, String addrtype, String address) {
        if (line.startsWith("a=candidate:") || line.startsWith("a=remote-candidates:")) {
            return null;
        }
        if (line.startsWith("o=")) {
            String[] fields = line.substring(2).split(" ", -1);
            if (fields.length == 6) {
                return "o=" + fields[0] + " " + fields[1] + " " + fields[2] + " " + fields[3] + " " + addrtype + " " + address;
            }
            return line;
        }
        if (line.startsWith("c=")) {
            String[] fields = line.substring(2).split(" ", -1);
            if (fields.length == 3) {
                String to = unspecified(fields[2]) ? (addrtype.equals("IP6") ? "::" : "0.0.0.0") : address;
                return "c=" + fields[0] + " " + addrtype + " " + to;
            }
            return line;
        }
        if (line.startsWith("a=rtcp:")) {
            Matcher m = RTCP.matcher(line);
            if (m.matches()) {
                return "a=rtcp:" + m.group(1) + " " + m.group(2) + " " + addrtype + " " + address;
            }
        }
        return line;
    }

    /**
     * {@code 0.0.0.0}, or an IPv6 literal of zeros only ({@code ::}, {@code 0:0:0:0:0:0:0:0}):
     * the unspecified address (RFC 4291 §2.5.2). Read on the text: no name is ever resolved here.
     */
    private static boolean unspecified(String address) {
        return address.equals("0.0.0.0")
                || address.indexOf(':') >= 0 && address.chars().allMatch(c -> c == '0' || c == ':');
    }
}
