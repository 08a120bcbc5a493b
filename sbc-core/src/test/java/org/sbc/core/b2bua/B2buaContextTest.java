package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.B2buaConfig;

/** The call limits: max_dialogs in total, max_dialogs_per_source for callers outside. */
class B2buaContextTest {

    private static final InetAddress A = FakeNetwork.address("192.0.2.1", 1).getAddress();
    private static final InetAddress B = FakeNetwork.address("192.0.2.2", 1).getAddress();

    private final B2buaContext context = new ShardHarness(B2buaConfig.DEFAULT.withLimits(3, 2, 14_400, 180)).context;

    @Test
    void admitsUpToTheLimitPerSource() {
        assertTrue(context.admit(A));
        assertTrue(context.admit(A));

        assertFalse(context.admit(A));

        assertTrue(context.admit(B), "another source has its own allowance");
        assertEquals(3, context.calls.get());
    }

    @Test
    void admitsUpToTheTotalLimitWhateverTheSource() {
        context.admit(A);
        context.admit(B);
        context.admit(null);

        assertFalse(context.admit(null), "calls from inside count against the total");
        assertFalse(context.admit(B));
        assertEquals(3, context.calls.get());
    }

    @Test
    void releaseGivesTheSlotBackAndForgetsIdleSources() {
        context.admit(A);
        context.admit(A);
        context.admit(null);

        context.release(A);
        context.release(A);
        context.release(null);

        assertEquals(0, context.calls.get());
        assertTrue(context.callsPerSource.isEmpty(), "the per-source table holds only sources with calls up");
        assertTrue(context.admit(A));
    }

    @Test
    void aRefusedCallLeavesNoTrace() {
        context.admit(A);
        context.admit(A);

        context.admit(A);

        assertEquals(2, context.calls.get());
        assertEquals(2, context.callsPerSource.get(A).get());
    }
}
