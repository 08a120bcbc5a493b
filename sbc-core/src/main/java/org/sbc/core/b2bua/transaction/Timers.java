package org.sbc.core.b2bua.transaction;

import org.sbc.core.config.B2buaConfig;

/** RFC 3261 §17 timer values, from T1, T2 and T4. */
public record Timers(long t1, long t2, long t4) {

    public static Timers of(B2buaConfig config) {
        return new Timers(config.t1Millis(), config.t2Millis(), config.t4Millis());
    }

    /** Timers B, F, H, J and M: 64 × T1. */
    public long timeout() {
        return 64 * t1;
    }

    /** Timer D: at least 32 s over UDP (long enough for every retransmitted final response). */
    public long timerD() {
        return Math.max(32_000, timeout());
    }
}
