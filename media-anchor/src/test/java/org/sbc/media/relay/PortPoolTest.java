package org.sbc.media.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PortPoolTest {

    @Test
    void holdsEvenRtpPortsWithTheirRtcpPortInsideTheRange() {
        assertEquals(2, PortPool.pairCount(10_000, 10_003));
        assertEquals(1, PortPool.pairCount(10_001, 10_004));
        assertEquals(0, PortPool.pairCount(10_001, 10_002));
        assertEquals(1, PortPool.pairCount(10_000, 10_001));
        PortPool pool = new PortPool(10_001, 10_006);
        assertEquals(10_002, pool.take());
        assertEquals(10_004, pool.take());
        assertEquals(-1, pool.take());
    }

    @Test
    void reusesAReleasedPairAsLateAsPossible() {
        PortPool pool = new PortPool(10_000, 10_005);
        int first = pool.take();
        pool.release(first);
        assertEquals(10_002, pool.take());
        assertEquals(10_004, pool.take());
        assertEquals(first, pool.take());
        assertEquals(0, pool.freePairs());
    }

    @Test
    void triesASkippedPairAgainAfterTheOthers() {
        PortPool pool = new PortPool(10_000, 10_005);
        pool.skip(pool.take());
        assertEquals(3, pool.freePairs());
        assertEquals(10_002, pool.take());
        assertEquals(10_004, pool.take());
        assertEquals(10_000, pool.take());
    }
}
