package org.sbc.media.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeoutTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private MediaRelay relay;

    @AfterEach
    void closeRelay() {
        relay.close();
    }

    @Test
    void firesOnceAfterNoMediaAndNotWhileMediaFlows() throws Exception {
        relay = MediaRelay.start(RelayingTest.settings(24000).withTimeout(TIMEOUT));
        AtomicInteger fired = new AtomicInteger();
        AtomicReference<RelaySession> which = new AtomicReference<>();
        try (Call call = new Call(relay, s -> {
            which.set(s);
            fired.incrementAndGet();
        }).signalBoth()) {
            long until = System.nanoTime() + 3 * TIMEOUT.toNanos();
            while (System.nanoTime() - until < 0) {
                call.phoneToPbx(call.phone); // each waits for the relayed packet: paced by the relay
                if (call.phoneSeq % 4 == 0) {
                    call.pbxToPhone(call.phone);
                }
            }
            assertEquals(0, fired.get(), "not while media flows");

            Await.until("timeout reported", 3_000, () -> fired.get() == 1);
            assertSame(call.session, which.get());
            long after = System.nanoTime() + 3 * TIMEOUT.toNanos();
            Await.until("three timeouts more of silence", 3_000, () -> System.nanoTime() - after > 0);
            assertEquals(1, fired.get(), "once");
        }
    }

    @Test
    void strangersDoNotKeepASessionAlive() throws Exception {
        relay = MediaRelay.start(RelayingTest.settings(24100).withTimeout(TIMEOUT));
        AtomicInteger fired = new AtomicInteger();
        try (Call call = new Call(relay, s -> fired.incrementAndGet()).signalBoth();
                UdpPeer attacker = new UdpPeer(Call.ATTACKER)) {
            call.phoneToPbx(call.phone);
            call.pbxToPhone(call.phone);
            int seq = 0;
            while (fired.get() == 0 && seq < 100_000) {
                attacker.send(call.ports.rtpA(), Rtp.packet(0x0BAD0BAD, seq++));
                Thread.sleep(5);
            }
            assertEquals(1, fired.get());
        }
    }

    @Test
    void doesNotRunBeforeTheCallIsAnswered() throws Exception {
        relay = MediaRelay.start(RelayingTest.settings(24200).withTimeout(TIMEOUT));
        AtomicInteger fired = new AtomicInteger();
        try (Call call = new Call(relay, s -> fired.incrementAndGet())) {
            call.session.peer(0, RelaySession.Leg.A, call.phone.address(), call.phoneRtcp.address());
            long after = System.nanoTime() + 3 * TIMEOUT.toNanos();
            Await.until("ringing for three timeouts", 3_000, () -> System.nanoTime() - after > 0);
            assertEquals(0, fired.get(), "ringing, only the offer signalled");
            call.session.peer(0, RelaySession.Leg.B, call.pbx.address(), call.pbxRtcp.address());
            Await.until("timeout after the answer", 3_000, () -> fired.get() == 1);
        }
    }

    @Test
    void doesNotRunWhileTheCallIsOnHoldAndRunsAgainAfter() throws Exception {
        relay = MediaRelay.start(RelayingTest.settings(24300).withTimeout(TIMEOUT));
        AtomicInteger fired = new AtomicInteger();
        try (Call call = new Call(relay, s -> fired.incrementAndGet()).signalBoth()) {
            call.session.hold(true);
            long after = System.nanoTime() + 3 * TIMEOUT.toNanos();
            Await.until("on hold for three timeouts", 3_000, () -> System.nanoTime() - after > 0);
            assertEquals(0, fired.get(), "silence on hold is agreed silence");

            call.session.hold(false);
            Await.until("timeout after the hold ended", 3_000, () -> fired.get() == 1);
        }
    }
}
