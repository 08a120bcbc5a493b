package org.sbc.core.events.syslog;

import java.nio.charset.StandardCharsets;

/**
 * RFC 6587 §3.4.1 octet-counting framing, also RFC 5425 §4.3 over TLS: {@code MSG-LEN SP
 * SYSLOG-MSG}, MSG-LEN the decimal byte count. Unlike LF-terminated framing, no byte inside a
 * message can end it early, so a field that slipped past encoding still could not forge a second
 * message.
 */
public final class OctetCounting {

    private OctetCounting() {}

    public static byte[] frame(byte[] message) {
        if (message.length == 0) {
            throw new IllegalArgumentException("empty message (expected: MSG-LEN = NONZERO-DIGIT *DIGIT)");
        }
        byte[] length = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[length.length + message.length];
        System.arraycopy(length, 0, frame, 0, length.length);
        System.arraycopy(message, 0, frame, length.length, message.length);
        return frame;
    }
}
