package org.sbc.core.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A SIP message as an operator saves it in a file: editors write LF line ends and often drop the
 * blank line that ends a body-less message. The header block is given CRLF line ends and its
 * blank line; the body is left byte for byte (its Content-Length counts its bytes as they are).
 */
final class MessageFile {

    private MessageFile() {}

    static byte[] normalise(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1); // one char per byte: offsets stay byte offsets
        int crlf = text.indexOf("\r\n\r\n");
        int lf = text.indexOf("\n\n");
        int end;
        int separator;
        if (crlf >= 0 && (lf < 0 || crlf < lf)) {
            end = crlf;
            separator = 4;
        } else if (lf >= 0) {
            end = lf;
            separator = 2;
        } else {
            end = text.endsWith("\r\n") ? text.length() - 2 : text.endsWith("\n") ? text.length() - 1 : text.length();
            separator = text.length() - end;
        }
        String head = text.substring(0, end).replace("\r\n", "\n").replace("\n", "\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 64);
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes, end + separator, bytes.length - end - separator);
        return out.toByteArray();
    }
}
