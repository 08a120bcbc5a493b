package org.sbc.core.admission;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.sbc.policies.FraudLimit;

/**
 * The fraud counts of every user and trunk a fraud limit watches: calls in the current minute and
 * hour, calls up, international and high-cost seconds today (UTC). Windows are fixed (the minute,
 * the hour, the day), so a block by a window lifts when the window passes; {@link #reset} lifts
 * every block of a user or trunk at once.
 *
 * <p>Bounded at {@link #MAX_ACCOUNTS}; when full, the least recently used account is dropped (a
 * caller able to open calls as 100,000 users could churn it; at worst an account starts counting
 * again, never unbounded memory). Thread-safe: one lock, held for a few arithmetic steps.
 */
final class FraudLedger {

    static final int MAX_ACCOUNTS = 100_000;

    /** What a level counts. */
    enum Measure {
        CALLS_PER_MINUTE("calls_per_minute"),
        CALLS_PER_HOUR("calls_per_hour"),
        CONCURRENT("concurrent"),
        INTERNATIONAL_MINUTES_PER_DAY("international_minutes_per_day"),
        HIGH_COST_MINUTES_PER_DAY("high_cost_minutes_per_day");

        final String key;

        Measure(String key) {
            this.key = key;
        }

        FraudLimit.Level of(FraudLimit limit) {
            return switch (this) {
                case CALLS_PER_MINUTE -> limit.callsPerMinute();
                case CALLS_PER_HOUR -> limit.callsPerHour();
                case CONCURRENT -> limit.concurrent();
                case INTERNATIONAL_MINUTES_PER_DAY -> limit.internationalMinutesPerDay();
                case HIGH_COST_MINUTES_PER_DAY -> limit.highCostMinutesPerDay();
            };
        }
    }

    /** A level crossed: what an event reports. */
    record Crossing(String limitId, String subject, Measure measure, long value, long level, boolean blocking) {}

    private static final class Account {
        long minute = -1;
        long minuteCalls;
        long hour = -1;
        long hourCalls;
        long concurrent;
        long day = -1;
        long internationalSeconds;
        long highCostSeconds;

        void roll(long epochSecond) {
            if (epochSecond / 60 != minute) {
                minute = epochSecond / 60;
                minuteCalls = 0;
            }
            if (epochSecond / 3_600 != hour) {
                hour = epochSecond / 3_600;
                hourCalls = 0;
            }
            if (epochSecond / 86_400 != day) {
                day = epochSecond / 86_400;
                internationalSeconds = 0;
                highCostSeconds = 0;
            }
        }

        long value(Measure measure) {
            return switch (measure) {
                case CALLS_PER_MINUTE -> minuteCalls;
                case CALLS_PER_HOUR -> hourCalls;
                case CONCURRENT -> concurrent;
                case INTERNATIONAL_MINUTES_PER_DAY -> internationalSeconds / 60;
                case HIGH_COST_MINUTES_PER_DAY -> highCostSeconds / 60;
            };
        }
    }

    private final Map<String, Account> accounts = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Account> eldest) {
            return size() > MAX_ACCOUNTS;
        }
    };

    private static String key(String limitId, String subject) {
        return limitId + "\n" + subject; // a newline never appears in an id
    }

    /** The measure that blocks a new call of {@code subject}, if one has reached its block level. */
    synchronized Optional<Crossing> blocked(FraudLimit limit, String subject, Instant now) {
        Account account = accounts.get(key(limit.id(), subject));
        if (account == null) {
            return Optional.empty();
        }
        account.roll(now.getEpochSecond());
        for (Measure measure : Measure.values()) {
            FraudLimit.Level level = measure.of(limit);
            // The call being opened would be one more: a concurrent or per-window count at the block level refuses it.
            if (level.block() > 0 && account.value(measure) >= level.block()) {
                return Optional.of(new Crossing(limit.id(), subject, measure, account.value(measure), level.block(), true));
            }
        }
        return Optional.empty();
    }

    /** Counts a call that starts; reports the warning levels it reaches. */
    synchronized void start(FraudLimit limit, String subject, Instant now, Consumer<Crossing> report) {
        Account account = accounts.computeIfAbsent(key(limit.id(), subject), k -> new Account());
        account.roll(now.getEpochSecond());
        account.minuteCalls++;
        account.hourCalls++;
        account.concurrent++;
        for (Measure measure : List.of(Measure.CALLS_PER_MINUTE, Measure.CALLS_PER_HOUR, Measure.CONCURRENT)) {
            reached(limit, subject, account, measure, account.value(measure) - 1, report);
        }
    }

    /**
     * Takes back the per-minute and per-hour counts of a call started at {@code started} that
     * turned out to be no call (a digest challenge), in whichever of those windows is still open.
     */
    synchronized void uncount(FraudLimit limit, String subject, Instant started, Instant now) {
        Account account = accounts.get(key(limit.id(), subject));
        if (account == null) {
            return; // dropped from a full table, or reset since
        }
        account.roll(now.getEpochSecond());
        if (account.minute == started.getEpochSecond() / 60) {
            account.minuteCalls = Math.max(0, account.minuteCalls - 1);
        }
        if (account.hour == started.getEpochSecond() / 3_600) {
            account.hourCalls = Math.max(0, account.hourCalls - 1);
        }
    }

    /** Counts a call that ended, with its answered seconds; reports the levels its minutes reach. */
    synchronized void end(FraudLimit limit, String subject, Instant now, long seconds, boolean international,
            boolean highCost, Consumer<Crossing> report) {
        Account account = accounts.get(key(limit.id(), subject));
        if (account == null) {
            return; // dropped from a full table, or reset while the call was up
        }
        account.concurrent = Math.max(0, account.concurrent - 1);
        account.roll(now.getEpochSecond());
        if (international) {
            long before = account.value(Measure.INTERNATIONAL_MINUTES_PER_DAY);
            account.internationalSeconds += seconds;
            reached(limit, subject, account, Measure.INTERNATIONAL_MINUTES_PER_DAY, before, report);
        }
        if (highCost) {
            long before = account.value(Measure.HIGH_COST_MINUTES_PER_DAY);
            account.highCostSeconds += seconds;
            reached(limit, subject, account, Measure.HIGH_COST_MINUTES_PER_DAY, before, report);
        }
    }

    /** Reports each level the measure passed on its way from {@code before} to its value now. */
    private static void reached(FraudLimit limit, String subject, Account account, Measure measure, long before,
            Consumer<Crossing> report) {
        FraudLimit.Level level = measure.of(limit);
        long now = account.value(measure);
        if (level.warn() > 0 && before < level.warn() && now >= level.warn()) {
            report.accept(new Crossing(limit.id(), subject, measure, now, level.warn(), false));
        }
        if (level.block() > 0 && before < level.block() && now >= level.block()) {
            report.accept(new Crossing(limit.id(), subject, measure, now, level.block(), true));
        }
    }

    /**
     * Forgets the counts of {@code subject} under every limit, lifting its blocks; calls up stay
     * counted as up. How many accounts were reset.
     */
    synchronized int reset(String subject) {
        int reset = 0;
        for (Map.Entry<String, Account> entry : accounts.entrySet()) {
            if (entry.getKey().endsWith("\n" + subject)) {
                Account account = entry.getValue();
                long concurrent = account.concurrent;
                Account fresh = new Account();
                fresh.concurrent = concurrent;
                entry.setValue(fresh);
                reset++;
            }
        }
        return reset;
    }

    synchronized List<FraudAccount> list(Map<String, FraudLimit> limits, Instant now) {
        List<FraudAccount> snapshots = new ArrayList<>();
        for (Map.Entry<String, Account> entry : accounts.entrySet()) {
            String[] parts = entry.getKey().split("\n", 2);
            Account account = entry.getValue();
            account.roll(now.getEpochSecond());
            FraudLimit limit = limits.get(parts[0]);
            Optional<String> blockedBy = Optional.empty();
            if (limit != null) {
                for (Measure measure : Measure.values()) {
                    long block = measure.of(limit).block();
                    if (blockedBy.isEmpty() && block > 0 && account.value(measure) >= block) {
                        blockedBy = Optional.of(measure.key);
                    }
                }
            }
            snapshots.add(new FraudAccount(parts[0], parts[1], account.minuteCalls, account.hourCalls, account.concurrent,
                    account.internationalSeconds / 60, account.highCostSeconds / 60, blockedBy));
        }
        return snapshots;
    }

    synchronized int size() {
        return accounts.size();
    }
}
