package org.sbc.feeds.internal;

/** Makes text from a feed safe to put in a report: printable ASCII only, length-capped. */
public final class Printable {

    private Printable() {}

    /**
     * Every character outside {@code 0x20..0x7e} becomes {@code ?} and the text is cut at
     * {@code max} characters: a feed is written by someone else, and its lines must not split
     * or forge a log line or an event.
     */
    public static String of(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 3);
        for (int i = 0; i < text.length() && i < max; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        if (text.length() > max) {
            out.append("...");
        }
        return out.toString();
    }
}
