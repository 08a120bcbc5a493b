package org.sbc.core.edge.auth;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.sip.Transport;
import org.sbc.policies.Mode;
import org.sbc.core.edge.ban.Bans;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.RequestFields;
import org.sbc.feeds.CidrSet;

/**
 * Pass-through mode of digest authentication: the PBX challenges, and the SBC watches the
 * answers it relays. A 401, 407 or 403 to a request that carried credentials is a failure; a
 * 2xx to one is a success; a 401/407 to a request without credentials is only the first
 * challenge and counts for nothing. Failures feed the same {@link AuthFailures} limits as
 * challenge mode: a blocked (source, username) is answered 403 by the SBC without reaching the
 * PBX, and a source over its limit is banned.
 */
public final class PassThroughWatcher {

    static final String STEP = "auth-watch";

    private final AuthFailures failures;
    private final CidrSet watched;
    private final CidrSet challenged;
    private final CidrSet trusted;
    private final Mode mode;
    private final SecurityEventSink events;
    private final Counters counters;
    private final Clock clock;

    public PassThroughWatcher(AuthConfig config, CidrSet trusted, Bans bans, SecurityEventSink events,
            Counters counters, Clock clock) {
        this.failures = new AuthFailures(config.failures(), bans, STEP);
        this.watched = config.watch();
        this.challenged = config.challenge();
        this.trusted = trusted;
        this.mode = config.mode();
        this.events = events;
        this.counters = counters;
        this.clock = clock;
    }

    /** True when the SBC must answer 403 itself: this source has failed too often as this user. */
    public boolean blocked(SipRequest request, InetSocketAddress source) {
        Optional<String> username = watchedUsername(request, source);
        if (username.isEmpty() || !failures.isBlocked(source.getAddress(), username.get(), clock.instant())) {
            return false;
        }
        failures.blockedAttempt(source.getAddress(), username.get(), clock.instant(), mode);
        counters.increment(Counter.AUTH_BLOCKED);
        return mode == Mode.ENFORCE;
    }

    /** Judges the PBX's final answer to a request from {@code source}, relayed by the B2BUA. */
    public void onFinalResponse(SipRequest request, InetSocketAddress source, Transport transport, int status) {
        Optional<String> username = watchedUsername(request, source);
        if (username.isEmpty()) {
            return; // no credentials: a challenge to it is the normal first step, not evidence
        }
        if (status >= 200 && status < 300) {
            failures.success(source.getAddress(), username.get());
            return;
        }
        if (status != 401 && status != 407 && status != 403) {
            return;
        }
        counters.increment(Counter.AUTH_FAILED);
        AuthFailures.Outcome outcome = failures.failure(source.getAddress(), username.get(), clock.instant(), mode);
        String rule = outcome.sourceLimitReached() ? "auth.failures.per_source"
                : outcome.userBlocked() ? "auth.failures.per_user" : "auth.pbx_refused";
        if (outcome.ban() != null) {
            counters.increment(Counter.AUTH_BANS_REQUESTED);
        }
        events.emit(new SecurityEvent(clock.instant(), SecurityEventType.AUTH_FAILURE, source,
                Optional.of(transport), STEP, rule, mode.word(),
                Map.of("pbx_status", Integer.toString(status),
                        "source_failures", Long.toString(outcome.sourceFailures()),
                        "user_failures", Long.toString(outcome.userFailures()),
                        "ban", outcome.ban() == null ? "not requested" : outcome.ban().name().toLowerCase()),
                RequestFields.userAgent(request), RequestFields.from(request), RequestFields.to(request),
                RequestFields.requestUri(request)));
    }

    private Optional<String> watchedUsername(SipRequest request, InetSocketAddress source) {
        var address = source.getAddress();
        if (!watched.contains(address) || challenged.contains(address) || trusted.contains(address)) {
            return Optional.empty();
        }
        String username = request.credentials(false).stream().findFirst()
                .or(() -> request.credentials(true).stream().findFirst())
                .map(credentials -> credentials.parameter("username")).orElse(null);
        if (username == null) {
            return Optional.empty();
        }
        // The username is attacker text: it only ever keys the bounded table, never a log line.
        return Optional.of(username.length() > 128 ? username.substring(0, 128) : username);
    }
}
