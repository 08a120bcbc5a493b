package org.sbc.core.events;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import org.owasp.encoder.Encode;

/**
 * The application-log sink: one line per event through {@link System.Logger}. Text fields are
 * written in double quotes, encoded with the OWASP encoder's Java-string context
 * ({@code Encode.forJava}: CR/LF, quotes, backslashes, controls and non-ASCII become escapes),
 * so that an attacker's User-Agent can neither end the log line nor forge a field; attacker fields
 * are first cut to {@value AttackerText#MAX_CHARS} characters.
 *
 * <p>Writing a log record may block on a slow disk: given to the dispatcher, this runs on its
 * delivery thread, not on an event loop.
 */
public final class LoggingSecurityEventSink implements SecurityEventSink {

    private final Logger logger;

    public LoggingSecurityEventSink() {
        this(System.getLogger(LoggingSecurityEventSink.class.getPackageName()));
    }

    public LoggingSecurityEventSink(Logger logger) {
        this.logger = requireNonNull(logger, "logger");
    }

    @Override
    public void emit(SecurityEvent event) {
        Level level = EventSeverity.syslog(event.type()) <= EventSeverity.WARNING ? Level.WARNING : Level.INFO;
        if (logger.isLoggable(level)) {
            logger.log(level, line(event));
        }
    }

    /**
     * {@code security event BAN src=203.0.113.7:5060 transport=udp step="flood" ...}. Only
     * addresses, numbers and enum names are written bare.
     */
    static String line(SecurityEvent event) {
        StringBuilder out = new StringBuilder(256).append("security event ").append(event.type().name())
                .append(" src=").append(hostPort(event))
                .append(" transport=").append(event.transport().map(Enum::name).orElse("-"));
        quoted(out, "step", event.step());
        quoted(out, "reason", event.reason());
        quoted(out, "mode", event.mode());
        if (!event.details().isEmpty()) {
            quoted(out, "details", CefFormat.details(event.details()));
        }
        attacker(out, "user_agent", event.userAgent());
        attacker(out, "from", event.from());
        attacker(out, "to", event.to());
        attacker(out, "request_uri", event.requestUri());
        return out.toString();
    }

    private static String hostPort(SecurityEvent event) {
        String host = event.source().getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + event.source().getPort();
    }

    private static void attacker(StringBuilder out, String key, Optional<String> value) {
        value.ifPresent(v -> quoted(out, key, AttackerText.cap(v)));
    }

    private static void quoted(StringBuilder out, String key, String value) {
        out.append(' ').append(key).append("=\"").append(Encode.forJava(value)).append('"');
    }
}
