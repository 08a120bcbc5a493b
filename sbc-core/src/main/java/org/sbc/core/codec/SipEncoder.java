package org.sbc.core.codec;

import gov.nist.javax.sip.header.ContentType;
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
 * malformed UTF-8. This class takes JAIN-SIP's path when the charset is UTF-8 (every message
 * without a charset parameter) and its own otherwise.
 */
final class SipEncoder {

    private SipEncoder() {}

    /** Like {@code message.encodeAsBytes(transport)}, including setting the top Via's transport. */
    static byte[] encode(SIPMessage message, String transport) {
        ContentType type = (ContentType) message.getContentTypeHeader();
        String charset = type == null ? null : type.getCharset();
        if (charset == null || charset.equalsIgnoreCase("UTF-8")) {
            return message.encodeAsBytes(transport);
        }
        ViaHeader via = (ViaHeader) message.getHeader(ViaHeader.NAME);
        if (via != null) {
            try {
                via.setTransport(transport);
            } catch (ParseException e) {
                throw new IllegalArgumentException("transport: " + transport + " (expected: a token)", e);
            }
        }
        byte[] head = message.encodeMessage(new StringBuilder()).toString().getBytes(StandardCharsets.UTF_8);
        byte[] body = message.getRawContent();
        if (body == null) {
            return head;
        }
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, bytes, head.length, body.length);
        return bytes;
    }
}
