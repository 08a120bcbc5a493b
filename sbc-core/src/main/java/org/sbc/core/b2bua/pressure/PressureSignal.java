package org.sbc.core.b2bua.pressure;

import java.util.function.LongSupplier;

/**
 * Whether the shedding judge found pressure lately: what the step before the parse reads to
 * refuse a first-seen source's new request without parsing it ({@code edge/pressure/PreParseShedding}).
 * One volatile number, so reading it on every datagram costs a clock read and a load.
 *
 * <p>Pressure is held for {@value #HOLD_MILLIS} ms after the judge last found it, the length of
 * the new-dialog rate's counting second: once the step before the parse refuses a flood, the judge
 * no longer sees it, so the step keeps the signal up itself while the flood goes on
 * ({@link NewWorkShedding#shedsUnparsed}); when the flood stops, it lapses within the hold and
 * the judge decides again on parsed requests.
 */
public final class PressureSignal {

    static final long HOLD_MILLIS = 1_000;

    private final LongSupplier clock;
    private volatile long pressedUntil;

    /** @param clock milliseconds */
    public PressureSignal(LongSupplier clock) {
        this.clock = clock;
        this.pressedUntil = clock.getAsLong() - 1;
    }

    /** Pressure seen now: held for {@value #HOLD_MILLIS} ms. A race between two threads only loses a few ms of hold. */
    void press() {
        pressedUntil = clock.getAsLong() + HOLD_MILLIS;
    }

    public boolean pressed() {
        return clock.getAsLong() < pressedUntil;
    }
}
