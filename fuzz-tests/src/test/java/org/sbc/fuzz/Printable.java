package org.sbc.fuzz;

/** Fuzzer input in an assertion message: printable ASCII as is, everything else escaped, capped. */
final class Printable {

    private static final int MAX_CHARS = 4_000;

    private Printable() {}

    static String of(byte[] bytes) {
        StringBuilder text = new StringBuilder(Math.min(bytes.length, MAX_CHARS) + 16);
        for (byte b : bytes) {
            if (text.length() >= MAX_CHARS) {
                return text.append("... (").append(bytes.length).append(" bytes)").toString();
            }
            int c = b & 0xff;
            if (c == '\n') {
                text.append("\\n\n");
            } else if (c == '\r') {
                text.append("\\r");
            } else if (c >= 0x20 && c < 0x7f && c != '\\') {
                text.append((char) c);
            } else {
                text.append(String.format("\\x%02x", c));
            }
        }
        return text.toString();
    }

    static String of(String text) {
        return of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
