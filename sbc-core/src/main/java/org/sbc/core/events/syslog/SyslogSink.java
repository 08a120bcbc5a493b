package org.sbc.core.events.syslog;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import org.sbc.core.config.PayloadFormat;
import org.sbc.core.config.SyslogSinkConfig;
import org.sbc.core.events.CefFormat;
import org.sbc.core.events.EventFormat;
import org.sbc.core.events.EventSeverity;
import org.sbc.core.events.JsonFormat;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/**
 * Sends each event to one syslog collector as an RFC 5424 message whose MSG is the event in
 * CEF or JSON. Runs on the dispatcher's thread; the network part ({@link MessageSender}) never
 * waits there: UDP sends at once, streams buffer for their own thread.
 */
public final class SyslogSink implements SecurityEventSink, AutoCloseable {

    /**
     * Largest message sent, in bytes. rsyslog's default limit is 8 KB; an event with four
     * attacker fields capped at 256 characters stays well under it even when every character
     * needs an escape. A larger message (only from huge details) is dropped and counted.
     */
    public static final int MAX_MESSAGE_BYTES = 8_192;
    /** Messages a stream sink holds while its collector is unreachable. */
    public static final int STREAM_BUFFER_MESSAGES = 1_024;
    /** RFC 5424 §6.2.1 severity 6. */
    private static final int INFORMATIONAL = 6;
    static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final SyslogSinkConfig config;
    private final EventFormat format;
    private final MessageSender sender;
    private final Counters counters;
    private final String hostname;
    private final String procId;
    private long sequenceId;

    SyslogSink(SyslogSinkConfig config, EventFormat format, MessageSender sender, Counters counters,
            String hostname, String procId) {
        this.config = requireNonNull(config, "config");
        this.format = requireNonNull(format, "format");
        this.sender = requireNonNull(sender, "sender");
        this.counters = requireNonNull(counters, "counters");
        this.hostname = requireNonNull(hostname, "hostname");
        this.procId = requireNonNull(procId, "procId");
    }

    /**
     * Opens the sink {@code config} describes. Streams connect in the background: an unreachable
     * collector at start delays nothing.
     *
     * @param version the SBC's version, for the CEF header
     * @throws IllegalStateException when the TLS files cannot be used (they were valid at load)
     */
    public static SyslogSink open(SyslogSinkConfig config, Counters counters, String version) {
        EventFormat format = config.format() == PayloadFormat.CEF ? new CefFormat(version) : new JsonFormat();
        String name = config.transport().word() + ":" + config.address().getAddress().getHostAddress()
                + ":" + config.address().getPort();
        Runnable lost = () -> counters.increment(Counter.SECURITY_EVENT_SINK_FAILURES);
        MessageSender sender;
        try {
            sender = switch (config.transport()) {
                case UDP -> new UdpSender(config.address());
                case TCP -> new StreamSender(name, Connectors.tcp(config.address()), STREAM_BUFFER_MESSAGES,
                        INITIAL_BACKOFF, MAX_BACKOFF, lost);
                case TLS -> new StreamSender(name, Connectors.tls(config), STREAM_BUFFER_MESSAGES,
                        INITIAL_BACKOFF, MAX_BACKOFF, lost);
            };
        } catch (SocketException e) {
            throw new IllegalStateException("syslog " + name + ": cannot open a UDP socket: " + e.getMessage(), e);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("syslog " + name + ": TLS files unusable: " + e.getMessage(), e);
        }
        return new SyslogSink(config, format, sender, counters, LocalHostname.get(),
                Long.toString(ProcessHandle.current().pid()));
    }

    @Override
    public void emit(SecurityEvent event) {
        if (!send(message(event))) {
            counters.increment(Counter.SECURITY_EVENT_SINK_FAILURES);
        }
    }

    /**
     * Sends {@code msg} as it is (text already on one line, e.g. a call record's JSON), with
     * {@code msgId} and RFC 5424 severity 6 (informational); from one thread only, as
     * {@link #emit}. False when it was too large or could not be sent or buffered.
     */
    public boolean sendInformational(Instant time, String msgId, String msg) {
        return send(new SyslogMessage(config.facility().code(), INFORMATIONAL, time, hostname, config.appName(),
                procId, msgId, nextSequenceId(), msg));
    }

    private boolean send(SyslogMessage message) {
        byte[] bytes = message.toBytes();
        return bytes.length <= MAX_MESSAGE_BYTES && sender.send(bytes);
    }

    SyslogMessage message(SecurityEvent event) {
        return new SyslogMessage(config.facility().code(), EventSeverity.syslog(event.type()), event.time(), hostname,
                config.appName(), procId, event.type().name(), nextSequenceId(), format.format(event));
    }

    private long nextSequenceId() {
        sequenceId = sequenceId == Integer.MAX_VALUE ? 1 : sequenceId + 1; // §7.3.1: wraps to 1
        return sequenceId;
    }

    @Override
    public void close() {
        sender.close();
    }
}
