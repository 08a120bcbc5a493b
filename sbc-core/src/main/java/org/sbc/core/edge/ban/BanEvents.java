package org.sbc.core.edge.ban;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventType;

/** The BAN and UNBAN events of the ban table: our own words and numbers, no attacker text. */
final class BanEvents {

    private BanEvents() {}

    static SecurityEvent ban(BanEntry entry, long lengthMillis, String mode) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("target", entry.target.toString());
        details.put("ban_reason", entry.reason.name().toLowerCase(Locale.ROOT));
        details.put("seconds", Long.toString(lengthMillis / 1_000));
        details.put("offences", Integer.toString(entry.offences));
        details.put("expires", Instant.ofEpochMilli(entry.expiresMillis).toString());
        details.put("first_seen", entry.evidence.firstSeen().toString());
        details.put("last_seen", entry.evidence.lastSeen().toString());
        entry.evidence.counters().forEach((name, value) -> details.put("counter." + name, Long.toString(value)));
        return event(SecurityEventType.BAN, entry, entry.evidence.rule(), details, entry.createdMillis, mode);
    }

    static SecurityEvent unban(BanEntry entry, String why, long now, String mode) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("target", entry.target.toString());
        details.put("ban_reason", entry.reason.name().toLowerCase(Locale.ROOT));
        details.put("hits", Long.toString(entry.toBan().hits()));
        return event(SecurityEventType.UNBAN, entry, why, details, now, mode);
    }

    private static SecurityEvent event(SecurityEventType type, BanEntry entry, String reason,
            Map<String, String> details, long at, String mode) {
        return new SecurityEvent(Instant.ofEpochMilli(at), type, new InetSocketAddress(entry.target.network(), 0),
                Optional.empty(), entry.evidence.step(), reason, mode, details,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
