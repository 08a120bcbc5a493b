package org.sbc.core.b2bua.pressure;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * New calls and subscriptions per second across all sources, counted in whole seconds: the
 * global view that a flood spread thinly over many sources cannot hide from. Two numbers, no
 * table, so it cannot grow.
 */
public final class NewDialogRate {

    private final int perSecond;
    private final LongSupplier clock;
    /** The second being counted (epoch second) in the high 32 bits, its count in the low 32. */
    private final AtomicLong secondAndCount = new AtomicLong();

    public NewDialogRate(int perSecond, LongSupplier clock) {
        this.perSecond = perSecond;
        this.clock = clock;
    }

    /** Counts one new dialog; true when this second's count is past the limit. */
    public boolean countAndCheck() {
        long second = clock.getAsLong() / 1_000;
        while (true) {
            long current = secondAndCount.get();
            long count = (current >>> 32) == (second & 0xFFFF_FFFFL) ? (current & 0xFFFF_FFFFL) + 1 : 1;
            long next = (second & 0xFFFF_FFFFL) << 32 | Math.min(count, 0xFFFF_FFFFL);
            if (secondAndCount.compareAndSet(current, next)) {
                return count > perSecond;
            }
        }
    }
}
