package org.sbc.core.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The ACK of a 2xx without a body, written from the dialog's state straight into bytes: the same
 * bytes as {@link SipRequest#create} with the route set, encoded for the wire, without building
 * and encoding a message of a dozen header objects (one such ACK a call; building it was about
 * three percent of the call benchmark's samples). An ACK with a body, or a Via host that JAIN-SIP
 * would rewrite (an IPv6 literal, capitals), goes the general way.
 */
public final class PlainAck {

    /** An ACK's head with topology handles in its URIs: enough for most without growing. */
    private static final int HEAD_CHARS = 512;

    private PlainAck() {}

    /**
     * The bytes {@code SipRequest.create("ACK", ...)}, with {@code routes} set and encoded for
     * {@code transport}, would have; null when this ACK is not one written here.
     */
    public static byte[] encode(SipUri requestUri, String callId, long cseq, NameAddress from, String fromTag,
            NameAddress to, String toTag, ViaHop via, List<NameAddress> routes, String transport) {
        if (requestUri == null || from == null || to == null || !plainHost(via.host()) || via.branch().isEmpty()
                || fromTag == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(HEAD_CHARS);
        out.append("ACK ");
        requestUri.appendTo(out);
        out.append(" SIP/2.0\r\n");
        out.append("Via: SIP/2.0/").append(transport.toUpperCase(java.util.Locale.ROOT)).append(' ').append(via.host());
        if (via.port() != -1) {
            out.append(':').append(via.port());
        }
        out.append(";branch=").append(via.branch().get());
        if (via.rport()) {
            out.append(";rport");
        }
        out.append("\r\nFrom: ");
        from.appendAsFromOrTo(out);
        out.append(";tag=").append(fromTag).append("\r\nTo: ");
        to.appendAsFromOrTo(out);
        if (toTag != null) {
            out.append(";tag=").append(toTag);
        }
        out.append("\r\nCall-ID: ").append(callId)
                .append("\r\nCSeq: ").append(cseq).append(" ACK")
                .append("\r\nMax-Forwards: 70\r\n");
        if (!routes.isEmpty()) {
            out.append("Route: ");
            for (int i = 0; i < routes.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                routes.get(i).appendAsRoute(out);
            }
            out.append("\r\n");
        }
        out.append("Content-Length: 0\r\n\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A host JAIN-SIP writes as it is given: no IPv6 literal (bracketed, scope dropped), no capitals. */
    private static boolean plainHost(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == ':' || c == '[' || (c >= 'A' && c <= 'Z') || c > 0x7E || c <= ' ') {
                return false;
            }
        }
        return true;
    }
}
