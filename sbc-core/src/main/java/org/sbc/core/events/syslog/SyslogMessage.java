package org.sbc.core.events.syslog;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * One RFC 5424 message: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG}.
 *
 * <p>STRUCTURED-DATA is one IANA-registered element, {@code [meta sequenceId="N"]} (§7.3.1),
 * so that a collector can see gaps where UDP lost messages. The event itself is the MSG, in the
 * sink's format (CEF or JSON), written without a BOM (MSG-ANY, §6.4): the formats already keep it
 * on one line. Header fields are ours, checked when the sink is built (§6: PRINTUSASCII, lengths).
 *
 * @param facility RFC 5424 §6.2.1 facility code
 * @param severity RFC 5424 §6.2.1 severity code
 * @param hostname 1..255 PRINTUSASCII, or {@code -}
 * @param appName 1..48 PRINTUSASCII
 * @param procId 1..128 PRINTUSASCII
 * @param msgId 1..32 PRINTUSASCII: the event type
 * @param sequenceId 1..2147483647
 */
public record SyslogMessage(int facility, int severity, Instant time, String hostname, String appName, String procId,
        String msgId, long sequenceId, String msg) {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public SyslogMessage {
        if (facility < 0 || facility > 23 || severity < 0 || severity > 7) {
            throw new IllegalArgumentException("facility " + facility + ", severity " + severity
                    + " (expected: 0..23, 0..7)");
        }
        requireNonNull(time, "time");
        checkField("hostname", hostname, 255);
        checkField("appName", appName, 48);
        checkField("procId", procId, 128);
        checkField("msgId", msgId, 32);
        if (sequenceId < 1 || sequenceId > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sequenceId: " + sequenceId + " (expected: 1..2147483647)");
        }
        requireNonNull(msg, "msg");
    }

    /** PRI = facility * 8 + severity (§6.2.1). */
    public int pri() {
        return facility * 8 + severity;
    }

    public String toText() {
        return "<" + pri() + ">1 " + TIMESTAMP.format(time.truncatedTo(ChronoUnit.MILLIS)) + ' ' + hostname + ' '
                + appName + ' ' + procId + ' ' + msgId + " [meta sequenceId=\"" + sequenceId + "\"] " + msg;
    }

    public byte[] toBytes() {
        return toText().getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 5424 §6: header fields are 1*n PRINTUSASCII (%d33-126). */
    static boolean isHeaderField(String value, int maxChars) {
        return value != null && !value.isEmpty() && value.length() <= maxChars
                && value.chars().allMatch(c -> c >= 33 && c <= 126);
    }

    private static void checkField(String name, String value, int maxChars) {
        if (!isHeaderField(value, maxChars)) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: 1.." + maxChars
                    + " printable US-ASCII characters)");
        }
    }
}
