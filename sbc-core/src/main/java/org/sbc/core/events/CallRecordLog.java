package org.sbc.core.events;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;
import org.owasp.encoder.Encode;
import org.sbc.core.media.MediaTotals;

/**
 * One INFO line per ended call through {@link System.Logger} (logger {@value #LOGGER}), what
 * rtpengine's "final packet stats" and a CDR tell together. Addresses, numbers and our own words
 * are written bare; the Call-IDs in double quotes, capped and encoded like attacker text in
 * {@link LoggingSecurityEventSink} (a caller chooses its Call-ID).
 *
 * <p>Written on the call's shard thread: a handler that may block (a slow disk) belongs behind an
 * asynchronous handler, or this logger turned down to WARNING.
 */
public final class CallRecordLog {

    public static final String LOGGER = "org.sbc.core.events.calls";

    private final Logger logger;

    public CallRecordLog() {
        this(System.getLogger(LOGGER));
    }

    public CallRecordLog(Logger logger) {
        this.logger = requireNonNull(logger, "logger");
    }

    public void write(CallRecord record) {
        if (logger.isLoggable(Level.INFO)) {
            logger.log(Level.INFO, line(record));
        }
    }

    /**
     * {@code call ended ending=bye_from_outside caller=outside outside_peer=203.0.113.7:5060
     * duration_ms=... to_inside_packets=... to_outside_jitter_ms=0.25 ...}.
     */
    public static String line(CallRecord record) {
        StringBuilder out = new StringBuilder(384).append("call ended ending=").append(record.ending().word())
                .append(" caller=").append(record.fromOutside() ? "outside" : "inside")
                .append(" outside_peer=").append(hostPort(record));
        quoted(out, "inside_call_id", record.insideCallId());
        quoted(out, "outside_call_id", record.outsideCallId());
        out.append(" duration_ms=").append(record.durationMillis());
        record.answeredMillis().ifPresent(ms -> out.append(" answered_ms=").append(ms));
        if (record.media().isEmpty()) {
            return out.append(" media=none").toString();
        }
        MediaTotals media = record.media().get();
        direction(out, "to_inside", media.toInside());
        direction(out, "to_outside", media.toOutside());
        out.append(" rtcp_packets=").append(media.rtcpPackets())
                .append(" strangers_dropped=").append(media.strangersDropped())
                .append(" malformed=").append(media.malformed())
                .append(" srtp_failed=").append(media.srtpFailed());
        return out.toString();
    }

    private static void direction(StringBuilder out, String name, MediaTotals.Direction d) {
        out.append(' ').append(name).append("_packets=").append(d.packets())
                .append(' ').append(name).append("_bytes=").append(d.bytes())
                .append(' ').append(name).append("_lost=").append(d.lost())
                .append(' ').append(name).append("_jitter_ms=")
                .append(String.format(Locale.ROOT, "%.2f", d.jitterMillis()));
    }

    private static String hostPort(CallRecord record) {
        String host = record.outsidePeer().getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + record.outsidePeer().getPort();
    }

    private static void quoted(StringBuilder out, String key, String value) {
        out.append(' ').append(key).append("=\"").append(Encode.forJava(AttackerText.cap(value))).append('"');
    }
}
