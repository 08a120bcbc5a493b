package org.sbc.core.events;

/**
 * The one rule every sink applies to attacker-controlled text before its own encoding: cap the
 * length, and make it well-formed UTF-16. Capping first bounds what encoding can blow up (a
 * 256-character field of control characters is at most 1,536 bytes of JSON escapes), and lets
 * the summariser keep a bounded copy of the fields of every source it tracks.
 */
public final class AttackerText {

    /** Characters kept of a User-Agent, From, To or Request-URI; longer values are cut. */
    public static final int MAX_CHARS = 256;
    /** Ends a cut value, so that an analyst sees the value was longer. */
    public static final String CUT_MARK = "...";

    private AttackerText() {}

    /**
     * {@code event} with its four attacker fields capped; the same instance when none needed
     * it. Whatever holds events for a while (the queue, the summariser, the ring) holds them
     * capped, so its memory is bounded by its length alone.
     */
    public static SecurityEvent capFields(SecurityEvent event) {
        var userAgent = event.userAgent().map(AttackerText::cap);
        var from = event.from().map(AttackerText::cap);
        var to = event.to().map(AttackerText::cap);
        var requestUri = event.requestUri().map(AttackerText::cap);
        if (same(userAgent, event.userAgent()) && same(from, event.from()) && same(to, event.to())
                && same(requestUri, event.requestUri())) {
            return event;
        }
        return new SecurityEvent(event.time(), event.type(), event.source(), event.transport(), event.step(),
                event.reason(), event.mode(), event.details(), userAgent, from, to, requestUri);
    }

    /** Identity, not equality: cap returns its argument when it changed nothing. */
    private static boolean same(java.util.Optional<String> capped, java.util.Optional<String> original) {
        return capped.isEmpty() || capped.get() == original.get();
    }

    /**
     * At most {@link #MAX_CHARS} characters: a longer value keeps its first
     * {@code MAX_CHARS - 3} characters and ends in {@code ...}. Idempotent. A lone surrogate
     * (not valid in any encoding) becomes U+FFFD.
     */
    public static String cap(String text) {
        boolean cut = text.length() > MAX_CHARS;
        int keep = cut ? MAX_CHARS - CUT_MARK.length() : text.length();
        if (cut && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--; // never split a surrogate pair into a lone half
        }
        StringBuilder out = null;
        for (int i = 0; i < keep; i++) {
            char c = text.charAt(i);
            boolean lone = Character.isHighSurrogate(c)
                    ? i + 1 >= keep || !Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
            if (lone && out == null) {
                out = new StringBuilder(keep + CUT_MARK.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(lone ? '\uFFFD' : c);
            }
        }
        if (out == null) {
            return cut ? text.substring(0, keep) + CUT_MARK : text;
        }
        return cut ? out.append(CUT_MARK).toString() : out.toString();
    }
}
