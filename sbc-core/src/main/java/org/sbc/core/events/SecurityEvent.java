package org.sbc.core.events;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.sip.Transport;

/**
 * One security decision, as it goes to every sink.
 *
 * <p>{@code step}, {@code reason} and {@code details} are our own words and numbers (the step
 * that decided, the rule or threshold, the counter values). The four attacker-controlled fields
 * are carried raw: each sink encodes them for its own format (and caps their length) when it
 * writes, so that no format's escaping leaks into another's.
 *
 * @param transport empty when the decision was not about a received message (a manual ban)
 * @param mode {@code enforce}, or {@code monitor} when the step only reports what it would do
 */
public record SecurityEvent(
        Instant time,
        SecurityEventType type,
        InetSocketAddress source,
        Optional<Transport> transport,
        String step,
        String reason,
        String mode,
        Map<String, String> details,
        Optional<String> userAgent,
        Optional<String> from,
        Optional<String> to,
        Optional<String> requestUri) {

    public SecurityEvent {
        requireNonNull(time, "time");
        requireNonNull(type, "type");
        requireNonNull(source, "source");
        requireNonNull(transport, "transport");
        requireNonNull(step, "step");
        requireNonNull(reason, "reason");
        requireNonNull(mode, "mode");
        details = Map.copyOf(details);
        requireNonNull(userAgent, "userAgent");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(requestUri, "requestUri");
    }
}
