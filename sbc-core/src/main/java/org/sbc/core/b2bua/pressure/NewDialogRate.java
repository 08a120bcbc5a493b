package org.sbc.core.b2bua.pressure;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * New calls and subscriptions per second across all sources: the global view that a flood spread
 * thinly over many sources cannot hide from. Counted in whole seconds, and in tenths of a second
 * against a tenth of the limit (at least one): a flood's first burst otherwise had a whole
 * second's worth of calls admitted in its first milliseconds (200 call setups at once, which held
 * the event loops for hundreds of milliseconds; docs/benchmarks.md, the distributed flood). Four
 * numbers, no table, so it cannot grow.
 */
public final class NewDialogRate {

    private final int perSecond;
    private final int perTenth;
    private final LongSupplier clock;
    /** The second being counted (epoch second) in the high 32 bits, its count in the low 32. */
    private final AtomicLong secondAndCount = new AtomicLong();
    /** The same for the tenth of a second being counted. */
    private final AtomicLong tenthAndCount = new AtomicLong();

    public NewDialogRate(int perSecond, LongSupplier clock) {
        this.perSecond = perSecond;
        this.perTenth = Math.max(1, perSecond / 10);
        this.clock = clock;
    }

    /** Counts one new dialog; true when this second's or this tenth's count is past its limit. */
    public boolean countAndCheck() {
        long millis = clock.getAsLong();
        boolean pastSecond = count(secondAndCount, millis / 1_000) > perSecond;
        return count(tenthAndCount, millis / 100) > perTenth || pastSecond;
    }

    private static long count(AtomicLong slotAndCount, long slot) {
        long slotBits = slot & 0xFFFF_FFFFL;
        while (true) {
            long current = slotAndCount.get();
            long count = (current >>> 32) == slotBits ? (current & 0xFFFF_FFFFL) + 1 : 1;
            long next = slotBits << 32 | Math.min(count, 0xFFFF_FFFFL);
            if (slotAndCount.compareAndSet(current, next)) {
                return count;
            }
        }
    }
}
