package org.sbc.core.events;

import static java.util.Objects.requireNonNull;

import java.net.Inet6Address;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * ArcSight Common Event Format, version 0:
 * {@code CEF:0|sbc|sbc|VERSION|SIGNATURE_ID|NAME|SEVERITY|EXTENSION}.
 *
 * <p>CEF has two escaping contexts, and the OWASP encoder knows neither: in the header, {@code |}
 * and {@code \} are escaped with a backslash; in extension values, {@code \}, {@code =}, CR and LF
 * are ({@code \\ \= \r \n}). So a User-Agent of {@code x act=allow} stays inside its own value
 * ({@code x act\=allow}), and a CR/LF cannot end the line. CEF has no escape for the other
 * control characters, nor for NEL, U+2028 and U+2029 that some readers treat as line ends: those
 * become U+FFFD. A {@code |} in an extension value needs no escape (the spec says so: only the
 * first seven unescaped pipes delimit the header).
 */
public final class CefFormat implements EventFormat {

    private final String version;

    /** @param version the Device Version header field: the SBC's version */
    public CefFormat(String version) {
        this.version = requireNonNull(version, "version");
    }

    @Override
    public String format(SecurityEvent event) {
        StringBuilder out = new StringBuilder(512);
        out.append("CEF:0|sbc|sbc|");
        header(out, version);
        header(out, event.type().name());
        header(out, EventSeverity.title(event.type()));
        out.append(EventSeverity.cef(event.type())).append('|');

        out.append("rt=").append(event.time().toEpochMilli());
        String address = event.source().getAddress().getHostAddress();
        if (event.source().getAddress() instanceof Inet6Address) {
            extension(out, "c6a2Label", "Source IPv6 Address");
            extension(out, "c6a2", address);
        } else {
            extension(out, "src", address);
        }
        out.append(" spt=").append(event.source().getPort());
        event.transport().ifPresent(t -> extension(out, "proto", t.name()));
        extension(out, "act", event.type().name().toLowerCase(Locale.ROOT));
        extension(out, "reason", event.reason());
        extension(out, "cs1Label", "step");
        extension(out, "cs1", event.step());
        extension(out, "cs2Label", "mode");
        extension(out, "cs2", event.mode());
        if (!event.details().isEmpty()) {
            extension(out, "cs3Label", "details");
            extension(out, "cs3", details(event.details()));
        }
        String count = event.details().get(EventSummarizer.COUNT);
        if (count != null && count.chars().allMatch(Character::isDigit)) {
            out.append(" cnt=").append(count);
        }
        attacker(out, "requestClientApplication", event.userAgent());
        attacker(out, "suser", event.from());
        attacker(out, "duser", event.to());
        attacker(out, "request", event.requestUri());
        return out.toString();
    }

    /** {@code key=value;key=value}, sorted by key so that equal details read the same. */
    static String details(Map<String, String> details) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(details).forEach((key, value) -> {
            if (out.length() > 0) {
                out.append(';');
            }
            out.append(key).append('=').append(value);
        });
        return out.toString();
    }

    private static void attacker(StringBuilder out, String key, Optional<String> value) {
        value.ifPresent(v -> extension(out, key, AttackerText.cap(v)));
    }

    private static void extension(StringBuilder out, String key, String value) {
        out.append(' ').append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '=' -> out.append("\\=");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                default -> out.append(isBreakOrControl(c) ? '\uFFFD' : c);
            }
        }
    }

    /** Header fields are our own words; escaped all the same, and never a line break. */
    private static void header(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '|' -> out.append("\\|");
                default -> out.append(isBreakOrControl(c) ? '\uFFFD' : c);
            }
        }
        out.append('|');
    }

    /** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
    static boolean isBreakOrControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
