package org.sbc.core.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading SIP from a test's own TCP connection: one message at a time, framed by Content-Length. */
final class SipStream {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\\r\\nContent-Length:\\s*(\\d+)");

    private SipStream() {}

    /** One message; leading CRLF keep-alives are skipped. */
    static String read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the SBC after: " + head);
            }
            if (head.size() == 0 && (b == '\r' || b == '\n')) {
                continue;
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && (matched % 2 == 0 ? b == '\r' : b == '\n') ? matched + 1 : 0;
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        String length = find(headers, CONTENT_LENGTH);
        byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
        return headers + new String(body, StandardCharsets.US_ASCII);
    }

    /** The first group of {@code pattern}'s first match in {@code text}, or null. */
    static String find(String text, Pattern pattern) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
