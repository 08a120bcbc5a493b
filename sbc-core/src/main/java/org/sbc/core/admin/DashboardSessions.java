package org.sbc.core.admin;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.config.AdminToken;

/**
 * Browser sessions of the dashboard: a browser cannot send a bearer token with a page load, so
 * it trades one for a session cookie at {@code /dashboard/login}. Bounded (the oldest session
 * goes first) and short-lived; a session carries the role and label of the token it came from.
 */
final class DashboardSessions {

    static final String COOKIE = "sbc_dashboard";
    static final Duration LIFETIME = Duration.ofHours(8);
    private static final int MAX_SESSIONS = 256;

    private record Session(AdminToken token, long expiresMillis) {}

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Map<String, Session> sessions = new LinkedHashMap<>();

    DashboardSessions(Clock clock) {
        this.clock = clock;
    }

    synchronized String open(AdminToken token) {
        byte[] id = new byte[32];
        random.nextBytes(id);
        String key = HexFormat.of().formatHex(id);
        if (sessions.size() >= MAX_SESSIONS) {
            Iterator<String> oldest = sessions.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        sessions.put(key, new Session(token, clock.millis() + LIFETIME.toMillis()));
        return key;
    }

    /** The token behind the session of a {@code Cookie} header, while the session lasts. */
    synchronized Optional<AdminToken> tokenOf(String cookieHeader) {
        if (cookieHeader == null) {
            return Optional.empty();
        }
        for (String part : cookieHeader.split(";")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length == 2 && pair[0].equals(COOKIE)) {
                Session session = sessions.get(pair[1]);
                if (session != null && session.expiresMillis() > clock.millis()) {
                    return Optional.of(session.token());
                }
                sessions.remove(pair[1]);
            }
        }
        return Optional.empty();
    }
}
