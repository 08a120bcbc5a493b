package org.sbc.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sbc.core.config.Limits;
import org.sbc.core.config.SbcConfig;

class MessagePathWarmUpTest {

    @Test
    void everySampleDecodesAndTheFloodsInvitesAreRefusedInEachRound() {
        // rounds() throws when a sample does not decode or the refusal does not answer
        assertEquals(25, MessagePathWarmUp.rounds(SbcConfig.defaults(), System.nanoTime() + 60_000_000_000L, 25));
    }

    @Test
    void stopsAtItsDeadline() {
        assertEquals(0, MessagePathWarmUp.rounds(SbcConfig.defaults(), System.nanoTime() - 1, 25));
    }

    @Test
    void zeroMillisecondsIsOff() {
        assertEquals(0, MessagePathWarmUp.run(SbcConfig.defaults().withLimits(Limits.DEFAULT.withWarmUpMs(0)),
                System.nanoTime() + 60_000_000_000L));
    }
}
