package org.sbc.core.edge.ban;

import java.util.Iterator;
import java.util.LinkedHashMap;
import org.sbc.feeds.IpPrefix;

/**
 * What the ban table remembers of each target's past bans, for escalation (fail2ban's
 * {@code bantime.increment}): the n-th offence within the history lasts
 * {@code seconds × factor^(n−1)}, up to {@code max_seconds}. Bounded at {@code max_entries}:
 * the target updated longest ago is forgotten first. Not thread-safe: the table's lock
 * guards it.
 */
final class OffenceHistory {

    private record Offence(int count, long lastExpiresMillis) {}

    private final BanConfig config;
    /** In order of last update: the eldest entry is the one to forget. */
    private final LinkedHashMap<IpPrefix, Offence> offences = new LinkedHashMap<>();

    OffenceHistory(BanConfig config) {
        this.config = config;
    }

    /** 1 for a first offence; one more than last time if the last ban ended within the history. */
    int next(IpPrefix target, long now) {
        Offence last = offences.get(target);
        if (last == null || now - last.lastExpiresMillis() > config.historySeconds() * 1_000L) {
            return 1;
        }
        return last.count() == Integer.MAX_VALUE ? last.count() : last.count() + 1;
    }

    /** seconds × factor^(offences − 1), capped at max_seconds. */
    long banMillis(int offence) {
        long seconds = config.seconds();
        for (int i = 1; i < offence && seconds < config.maxSeconds() && config.factor() > 1; i++) {
            seconds *= config.factor();
        }
        return Math.min(seconds, config.maxSeconds()) * 1_000L;
    }

    void remember(IpPrefix target, int count, long expiresMillis) {
        offences.remove(target);
        offences.put(target, new Offence(count, expiresMillis));
        if (offences.size() > config.maxEntries()) {
            Iterator<IpPrefix> eldest = offences.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /** Drops offences whose ban ended longer than the history ago; linear, so run off the event loops. */
    void forgetOld(long now) {
        long horizon = now - config.historySeconds() * 1_000L;
        offences.values().removeIf(offence -> offence.lastExpiresMillis() < horizon);
    }
}
