package org.sbc.core.edge.secfilter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One pass of URI percent-decoding (RFC 3986 §2.1), so that {@code %30%30} is matched as the
 * {@code 00} it means to the PBX. A malformed escape is kept as written. Bytes that are not
 * UTF-8 become U+FFFD, which no list entry contains.
 */
final class PercentDecoding {

    private PercentDecoding() {}

    static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int hi = i + 2 < bytes.length && bytes[i] == '%' ? Character.digit(bytes[i + 1], 16) : -1;
            int lo = hi >= 0 ? Character.digit(bytes[i + 2], 16) : -1;
            if (hi >= 0 && lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
