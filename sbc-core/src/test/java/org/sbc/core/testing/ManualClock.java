package org.sbc.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock a test moves by hand, so that windows, TTLs and buckets run on the test's time. */
public final class ManualClock implements InstantSource {

    private volatile long millis;

    public ManualClock(Instant start) {
        this.millis = start.toEpochMilli();
    }

    public static ManualClock atTestStart() {
        return new ManualClock(Instant.parse("2026-11-26T12:00:00Z"));
    }

    public void advance(Duration duration) {
        millis += duration.toMillis();
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }
}
