package org.sbc.core.events;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes each security event as one line to the application log, until the syslog and
 * structured sinks replace it. Bounded: at most {@link #MAX_PER_SECOND} lines a second, the
 * rest summarised in one line. Attacker-controlled fields are never written raw: only as
 * escaped, length-capped text.
 */
public final class LoggingSecurityEventSink implements SecurityEventSink {

    static final int MAX_PER_SECOND = 50;
    private static final int MAX_FIELD_CHARS = 80;
    private static final Logger LOG = System.getLogger("org.sbc.security");

    private final Logger logger;
    private final AtomicLong second = new AtomicLong();
    private final AtomicLong inSecond = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public LoggingSecurityEventSink() {
        this(LOG);
    }

    LoggingSecurityEventSink(Logger logger) {
        this.logger = logger;
    }

    @Override
    public void emit(SecurityEvent event) {
        long now = System.nanoTime() / 1_000_000_000L;
        long current = second.get();
        if (current != now && second.compareAndSet(current, now)) {
            inSecond.set(0);
            long dropped = suppressed.getAndSet(0);
            if (dropped > 0) {
                logger.log(Level.WARNING, "security events: " + dropped + " not logged (over " + MAX_PER_SECOND + "/s)");
            }
        }
        if (inSecond.incrementAndGet() > MAX_PER_SECOND) {
            suppressed.incrementAndGet();
            return;
        }
        logger.log(Level.WARNING, format(event));
    }

    static String format(SecurityEvent event) {
        StringBuilder line = new StringBuilder(256)
                .append("security ").append(event.type().name().toLowerCase(java.util.Locale.ROOT))
                .append(" source=").append(event.source().getAddress().getHostAddress()).append(':').append(event.source().getPort())
                .append(event.transport().map(t -> " transport=" + t.name().toLowerCase(java.util.Locale.ROOT)).orElse(""))
                .append(" step=").append(safe(event.step()))
                .append(" mode=").append(safe(event.mode()))
                .append(" reason=\"").append(safe(event.reason())).append('"');
        for (Map.Entry<String, String> detail : new TreeMap<>(event.details()).entrySet()) {
            line.append(' ').append(safe(detail.getKey())).append('=').append(safe(detail.getValue()));
        }
        attacker(line, "user_agent", event.userAgent());
        attacker(line, "from", event.from());
        attacker(line, "to", event.to());
        attacker(line, "request_uri", event.requestUri());
        return line.toString();
    }

    private static void attacker(StringBuilder line, String name, Optional<String> value) {
        value.ifPresent(v -> line.append(' ').append(name).append("=\"").append(safe(v)).append('"'));
    }

    /** Printable ASCII only, quotes and backslashes escaped, capped: one line, no forged fields. */
    static String safe(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_FIELD_CHARS) + 8);
        for (int i = 0; i < text.length(); i++) {
            if (i == MAX_FIELD_CHARS) {
                return out.append("...").toString();
            }
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                out.append(c > 0xff ? String.format("\\u%04x", (int) c) : String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
