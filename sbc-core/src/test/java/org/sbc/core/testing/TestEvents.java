package org.sbc.core.testing;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.sip.Transport;

/** Security events for tests, with a fixed time and a hostile User-Agent to hand. */
public final class TestEvents {

    public static final Instant TIME = Instant.parse("2026-11-26T14:00:00.123Z");
    /**
     * Tries everything at once: end the line and start a forged syslog message, break out of a
     * CEF header and extension, a JSON string and an RFC 5424 SD-PARAM.
     */
    public static final String HOSTILE_USER_AGENT = "evil\r\n<13>1 FAKE|x=y\"]\\ act=allow\u2028\u0000end";

    private TestEvents() {}

    public static SecurityEvent scanner(String userAgent) {
        return new SecurityEvent(TIME, SecurityEventType.SCANNER, TestPeers.address("203.0.113.7", 5062),
                Optional.of(Transport.UDP), "secfilter", "user-agent sipvicious", "enforce", Map.of("rule", "ua-1"),
                Optional.of(userAgent), Optional.of("<sip:100@198.51.100.1>;tag=1"), Optional.of("<sip:100@198.51.100.1>"),
                Optional.of("sip:100@198.51.100.1"));
    }

    public static SecurityEvent ban(String ip, int port) {
        return new SecurityEvent(TIME, SecurityEventType.BAN, TestPeers.address(ip, port), Optional.of(Transport.TCP),
                "flood", "density 50 > 20 per 2s", "enforce", Map.of("density", "50"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static SecurityEvent unbanManual(String ip) {
        return new SecurityEvent(TIME, SecurityEventType.UNBAN, TestPeers.address(ip, 0), Optional.empty(),
                "admin", "manual", "enforce", Map.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The same event from another port or at another time: identical for the summariser. */
    public static SecurityEvent withPortAndTime(SecurityEvent e, int port, Instant time) {
        return new SecurityEvent(time, e.type(), TestPeers.address(e.source().getAddress().getHostAddress(), port),
                e.transport(), e.step(), e.reason(), e.mode(), e.details(), e.userAgent(), e.from(), e.to(),
                e.requestUri());
    }
}
