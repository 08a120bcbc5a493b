package org.sbc.core.codec;

import gov.nist.javax.sip.message.SIPMessage;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import javax.sip.header.ViaHeader;

/**
 * The bytes of a message to send: the start line and headers in UTF-8 (RFC 3261 §7.3.1 and
 * §25.1), then the body exactly as it is.
 *
 * <p>JAIN-SIP's own {@code encodeAsBytes} encodes the headers in the charset the body's
 * Content-Type names: a MESSAGE with {@code text/plain;charset=ISO-8859-1} would leave with a
 * display name of {@code "J?rgen"} or Latin-1 octets in a header, which the next hop reads as
 * malformed UTF-8. It also copies the message six to eight times on the way (a builder grown
 * from 16 characters, the start line and the headers encoded apart and joined, the body joined
 * after). This class writes the same text into one builder sized for a typical message, and
 * joins the body once.
 */
final class SipEncoder {

    /** Most messages a B2BUA sends fit, SDP aside: the builder grows at most once or twice. */
    private static final int TYPICAL_HEAD_CHARS = 1_024;

    private SipEncoder() {}

    /** The message for the wire over {@code transport}, which also goes into the top Via. */
    static byte[] encode(SIPMessage message, String transport) {
        ViaHeader via = (ViaHeader) message.getHeader(ViaHeader.NAME);
        if (via != null) {
            try {
                via.setTransport(transport);
            } catch (ParseException e) {
                throw new IllegalArgumentException("transport: " + transport + " (expected: a token)", e);
            }
        }
        byte[] head = message.encodeMessage(new StringBuilder(TYPICAL_HEAD_CHARS)).toString()
                .getBytes(StandardCharsets.UTF_8);
        byte[] body = message.getRawContent();
        if (body == null || body.length == 0) {
            return head;
        }
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, bytes, head.length, body.length);
        return bytes;
    }
}
