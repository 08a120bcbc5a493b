package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.TopologyConfig;
import org.sbc.core.sip.Transport;

class CallPathWarmUpTest {

    private static final long FAR = 60_000_000_000L;

    @Test
    void everyCallOfTheDefaultsCompletesThroughTheB2bua() {
        // calls() throws when a message the caller or the PBX waits for does not come
        assertEquals(30, CallPathWarmUp.calls(SbcConfig.defaults(), System.nanoTime() + FAR, 30));
    }

    @Test
    void everyCallCompletesWithMaskedTopologyToo() {
        SbcConfig defaults = SbcConfig.defaults();
        TopologyConfig strip = defaults.topology();
        TopologyConfig masked = new TopologyConfig(TopologyConfig.TopologyMode.MASK, strip.outsideHost(),
                strip.insideNames(), strip.outsideHeaders(), strip.sdp(),
                Optional.of(new TopologyConfig.Secret(new byte[32])), Optional.empty(), strip.store(),
                strip.redisUri(), strip.maxEntries());
        assertEquals(10, CallPathWarmUp.calls(defaults.withTopology(masked), System.nanoTime() + FAR, 10));
    }

    @Test
    void stopsAtItsDeadline() {
        assertEquals(0, CallPathWarmUp.calls(SbcConfig.defaults(), System.nanoTime() - 1, 30));
    }

    @Test
    void playsNoCallsToAPbxOverTcp() {
        SbcConfig defaults = SbcConfig.defaults();
        PbxTarget pbx = defaults.pbx();
        SbcConfig tcp = defaults.withPbx(new PbxTarget(pbx.uri(), pbx.host(), pbx.port(), Transport.TCP));
        assertEquals(0, CallPathWarmUp.calls(tcp, System.nanoTime() + FAR, 30));
    }
}
