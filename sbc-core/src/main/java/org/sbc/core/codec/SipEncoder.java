package org.sbc.core.codec;

import gov.nist.javax.sip.message.SIPMessage;
import io.netty.util.concurrent.FastThreadLocal;
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
 * after). This class writes the same text into one builder per thread, kept from message to
 * message, and joins the body once.
 */
final class SipEncoder {

    /**
     * What a thread's builder starts with: a relayed INVITE's head with topology handles is
     * about 1 KB, and a builder of that size grew once for most messages (the growth alone was
     * 3 % of the call benchmark's samples).
     */
    private static final int HEAD_CHARS = 4_096;
    /** A builder that grew past this for one large message is not kept: at most this per thread. */
    private static final int KEPT_CHARS = 16_384;

    private static final FastThreadLocal<StringBuilder> BUILDERS = new FastThreadLocal<>() {
        @Override
        protected StringBuilder initialValue() {
            return new StringBuilder(HEAD_CHARS);
        }
    };

    private SipEncoder() {}

    /** The message for the wire over {@code transport}, which also goes into the top Via. */
    static byte[] encode(SIPMessage message, String transport) {
        ViaHeader via = (ViaHeader) message.getHeader(ViaHeader.NAME);
        // Unchanged when it already says so: a response shares its request's Via (SipRequest.response).
        if (via != null && !transport.equals(via.getTransport())) {
            try {
                via.setTransport(transport);
            } catch (ParseException e) {
                throw new IllegalArgumentException("transport: " + transport + " (expected: a token)", e);
            }
        }
        StringBuilder builder = BUILDERS.get();
        builder.setLength(0);
        String text = message.encodeMessage(builder).toString();
        byte[] head = text.getBytes(StandardCharsets.UTF_8);
        if (builder.capacity() > KEPT_CHARS || head.length != text.length()) {
            // Too large to keep, or perhaps widened to two bytes a character (a character
            // outside Latin-1 does that, and a builder never narrows back): start afresh.
            BUILDERS.remove();
        }
        byte[] body = message.getRawContent();
        if (body == null || body.length == 0) {
            return head;
        }
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, bytes, head.length, body.length);
        return bytes;
    }
}
