package org.sbc.core.edge.auth;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sbc.core.edge.auth.AuthConfig.FailureLimits;
import org.sbc.policies.Mode;
import org.sbc.core.edge.ban.BanReason;
import org.sbc.core.edge.ban.Bans;
import org.sbc.core.edge.ban.Evidence;
import org.sbc.feeds.IpPrefix;

/**
 * Counts authentication failures per source address and per (source, username) in a window,
 * and acts on the limits. It knows nothing of digest: challenge mode feeds it the SBC's own
 * verdicts, and pass-through mode can feed it the PBX's 401/407/403 the same way.
 *
 * <p>What counts: a wrong password, an unknown user, a forged nonce or malformed credentials.
 * What does not: a first challenge of a request that carried no credentials (counting that is
 * how fail2ban's SIP jails ban remote workers). A success clears its (source, username) pair;
 * it does not clear the source, or an attacker holding one valid account could wipe his count
 * between guesses at others.
 *
 * <p>The limits, and why there are two: a pair that reaches {@code per_user} is blocked for the
 * window (credentialed requests for that user from that source get 403), which stops one phone
 * with a wrong password behind an office NAT without touching its colleagues. A source that
 * reaches {@code per_source} is banned. Requests for a blocked pair keep counting against the
 * source: a phone backs off after a 403, a password guesser does not, and is banned.
 *
 * <p>Bounded: at most {@code max_tracked} entries, least recently used evicted first. An
 * attacker who floods the table to evict his own entry costs that many requests per reset,
 * which the flood guard sees.
 */
public final class AuthFailures {

    /** What one counted failure led to. */
    public record Outcome(long sourceFailures, long userFailures, boolean userBlocked, boolean sourceLimitReached,
            Bans.Outcome ban) {}

    private static final class Count {
        long count;
        long firstMillis;
        long lastMillis;
        long blockedUntilMillis;
    }

    /** The per-source entry has no username; a pair's username is prefixed, so no username can pose as it. */
    private record Key(InetAddress source, String username) {
        static Key ofSource(InetAddress source) {
            return new Key(source, "");
        }

        static Key ofPair(InetAddress source, String username) {
            return new Key(source, "u:" + username);
        }
    }

    private final FailureLimits limits;
    private final long windowMillis;
    private final Bans bans;
    private final String step;
    private final Map<Key, Count> counts;

    public AuthFailures(FailureLimits limits, Bans bans, String step) {
        this.limits = requireNonNull(limits, "limits");
        this.windowMillis = limits.windowSeconds() * 1_000L;
        this.bans = requireNonNull(bans, "bans");
        this.step = requireNonNull(step, "step");
        int max = limits.maxTracked();
        this.counts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Count> eldest) {
                return size() > max;
            }
        };
    }

    /** A failed authentication of {@code username} from {@code source}. */
    public Outcome failure(InetAddress source, String username, Instant now, Mode mode) {
        return count(source, username, now, mode, true);
    }

    /** A credentialed request for a blocked pair: it counts against the source only. */
    public Outcome blockedAttempt(InetAddress source, String username, Instant now, Mode mode) {
        return count(source, username, now, mode, false);
    }

    public synchronized void success(InetAddress source, String username) {
        counts.remove(Key.ofPair(source, username));
    }

    public synchronized boolean isBlocked(InetAddress source, String username, Instant now) {
        Count pair = counts.get(Key.ofPair(source, username));
        return pair != null && pair.blockedUntilMillis > now.toEpochMilli();
    }

    private Outcome count(InetAddress source, String username, Instant now, Mode mode, boolean countPair) {
        long nowMillis = now.toEpochMilli();
        long sourceCount;
        long userCount;
        boolean blockedNow = false;
        boolean limitReached;
        Instant first;
        synchronized (this) {
            Count perSource = advance(Key.ofSource(source), nowMillis);
            Count pair = counts.computeIfAbsent(Key.ofPair(source, username), k -> new Count());
            if (countPair) {
                restartIfExpired(pair, nowMillis);
                pair.count++;
                pair.lastMillis = nowMillis;
                if (pair.count == limits.perUser()) {
                    pair.blockedUntilMillis = nowMillis + windowMillis;
                    blockedNow = true;
                }
            }
            sourceCount = perSource.count;
            userCount = pair.count;
            first = Instant.ofEpochMilli(perSource.firstMillis);
            limitReached = perSource.count >= limits.perSource();
            if (limitReached) {
                perSource.count = 0; // one ban request per limit crossed, not one per later failure
                perSource.firstMillis = nowMillis;
            }
        }
        Bans.Outcome ban = null;
        if (limitReached && mode == Mode.ENFORCE) {
            ban = bans.ban(IpPrefix.of(source), BanReason.AUTH, new Evidence(step, "auth.failures.per_source",
                    Map.of("source_failures", sourceCount, "user_failures", userCount,
                            "per_source", (long) limits.perSource(), "window_seconds", (long) limits.windowSeconds()),
                    first, now));
        }
        return new Outcome(sourceCount, userCount, blockedNow, limitReached, ban);
    }

    private Count advance(Key key, long nowMillis) {
        Count count = counts.computeIfAbsent(key, k -> new Count());
        restartIfExpired(count, nowMillis);
        count.count++;
        count.lastMillis = nowMillis;
        return count;
    }

    private void restartIfExpired(Count count, long nowMillis) {
        if (count.count == 0 || nowMillis - count.firstMillis > windowMillis) {
            count.count = 0;
            count.firstMillis = nowMillis;
        }
    }

    synchronized int tracked() {
        return counts.size();
    }
}
