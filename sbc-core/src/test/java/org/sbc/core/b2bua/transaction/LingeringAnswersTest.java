package org.sbc.core.b2bua.transaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sbc.core.b2bua.FakeNetwork;
import org.sbc.core.b2bua.Target;
import org.sbc.core.sip.SipSide;

/** The ring of lingering answers against a plain map of what it should hold, on a virtual clock. */
class LingeringAnswersTest {

    private final FakeNetwork net = new FakeNetwork();
    private final TransactionLayer layer = new TransactionLayer(net.loop(), net.outbound(), ServerTransactionTest.TIMERS);

    private record Kept(String key, String mergeKey, String branch, byte[] answer, Target target, long deadline,
            long weight) {
    }

    private long inMillis(long millis) {
        return layer.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private static Target target(Random random) {
        InetSocketAddress address = random.nextBoolean()
                ? FakeNetwork.address("192.0.2." + random.nextInt(256), 1024 + random.nextInt(60_000))
                : FakeNetwork.address("2001:db8::" + Integer.toHexString(random.nextInt(65_536)), 5060);
        return FakeNetwork.udp(random.nextBoolean() ? SipSide.OUTSIDE : SipSide.INSIDE, address);
    }

    /** Texts of any length, some with characters beyond Latin-1 (as a decoded UTF-8 URI may hold). */
    private static String text(Random random, String prefix) {
        StringBuilder text = new StringBuilder(prefix);
        int length = random.nextInt(random.nextInt(10) == 0 ? 3_000 : 60);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(20);
            text.append(pick == 0 ? (char) (0x100 + random.nextInt(0x3000)) : pick == 1 ? (char) (0x80 + random.nextInt(0x80))
                    : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private static void assertHolds(LingeringAnswers answers, Map<String, Kept> model, long now) {
        int live = 0;
        for (Kept kept : model.values()) {
            LingeringAnswers.Answer found = answers.find(kept.key());
            if (kept.deadline() - now <= 0) {
                assertNull(found, "expired: " + kept.key());
                continue;
            }
            live++;
            if (kept.answer() == null) {
                assertSame(LingeringAnswers.Answer.NOTHING, found, kept.key());
            } else {
                assertArrayEquals(kept.answer(), found.bytes(), kept.key());
                assertEquals(kept.target(), found.target(), kept.key());
            }
            if (kept.mergeKey() != null) {
                assertFalse(answers.mergedWith(kept.mergeKey(), kept.branch()), kept.key());
                assertTrue(answers.mergedWith(kept.mergeKey(), kept.branch() == null ? "z9hG4bKother" : null));
                assertTrue(answers.mergedWith(kept.mergeKey(), kept.branch() + "x"));
            }
        }
        assertTrue(answers.size() >= live, answers + " holds fewer than the " + live + " live");
    }

    @Test
    void holdsWhatItWasGivenUntilItsDeadlineThroughGrowthAndWrapping() {
        LingeringAnswers answers = new LingeringAnswers(layer);
        Random random = new Random(20261207);
        Map<String, Kept> model = new LinkedHashMap<>();
        long weights = 0;
        for (int round = 0; round < 40; round++) {
            int adds = random.nextInt(400);
            for (int i = 0; i < adds; i++) {
                String key = text(random, "z9hG4bK" + round + "-" + i + "|");
                boolean merge = random.nextBoolean();
                byte[] answer = random.nextInt(3) == 0 ? null : new byte[random.nextInt(random.nextInt(8) == 0 ? 20_000 : 600)];
                random.nextBytes(answer == null ? new byte[0] : answer);
                Kept kept = new Kept(key, merge ? text(random, "call" + round + "-" + i + "|") : null,
                        merge && random.nextInt(4) > 0 ? text(random, "z9hG4bK") : null, answer, target(random),
                        inMillis(1 + random.nextInt(40_000)), 512 + random.nextInt(2_000));
                assertTrue(answers.add(kept.key(), kept.mergeKey(), kept.branch(), kept.answer(), kept.target(),
                        kept.deadline(), kept.weight()));
                layer.unlinger(-kept.weight()); // as the layer counts a record in
                weights += kept.weight();
                model.put(key, kept);
            }
            assertHolds(answers, model, layer.nanoTime());
            net.advance(random.nextInt(10_000));
            assertHolds(answers, model, layer.nanoTime());
        }
        assertTrue(answers.ringBytes() > LingeringAnswers.FIRST_RING_BYTES, "it grew: " + answers);
        assertTrue(weights > 0);
        net.advance(60_000);
        assertEquals(0, answers.size(), "every record left once its time was up");
        assertEquals(0, layer.serverLoad(), "and handed its weight back");
        assertEquals(LingeringAnswers.FIRST_RING_BYTES, answers.ringBytes(), "an empty ring goes back to its first size");
        assertFalse(net.timersPending(), "no sweep stays armed for an empty ring");
    }

    @Test
    void aFindOrMergeLookupOfAnAbsentKeyFindsNothing() {
        LingeringAnswers answers = new LingeringAnswers(layer);
        assertNull(answers.find("z9hG4bKnone|192.0.2.1:5060|BYE"));
        assertFalse(answers.mergedWith("call|tag|1|INVITE|sip:bob@example.com", "z9hG4bK1"));
        answers.add("z9hG4bK1|192.0.2.1:5060|INVITE", "call|tag|1|INVITE|sip:bob@example.com", "z9hG4bK1", null,
                FakeNetwork.udp(SipSide.OUTSIDE, FakeNetwork.address("192.0.2.1", 5060)), inMillis(32_000), 600);
        assertNull(answers.find("z9hG4bK1|192.0.2.1:5060|BYE"));
        assertFalse(answers.mergedWith("call|tag|2|INVITE|sip:bob@example.com", "z9hG4bK9"));
        assertTrue(answers.mergedWith("call|tag|1|INVITE|sip:bob@example.com", "z9hG4bK9"));
    }

    /** Past its bound the ring makes room by letting its oldest records go early, weights handed back. */
    @Test
    void pastItsBoundTheOldestLeaveEarly() {
        LingeringAnswers answers = new LingeringAnswers(layer, LingeringAnswers.FIRST_RING_BYTES * 2);
        Target target = FakeNetwork.udp(SipSide.OUTSIDE, FakeNetwork.address("192.0.2.1", 5060));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            String key = "z9hG4bK" + i + "|192.0.2.1:5060|BYE";
            keys.add(key);
            answers.add(key, null, null, new byte[400], target, inMillis(32_000), 1_000);
            layer.unlinger(-1_000);
        }
        assertEquals(LingeringAnswers.FIRST_RING_BYTES * 2, answers.ringBytes());
        assertTrue(answers.size() < 1_000 && answers.size() > 200, answers.toString());
        assertNull(answers.find(keys.get(0)), "the oldest went");
        assertTrue(answers.find(keys.get(999)) != null, "the newest stays");
        assertEquals(Objects.requireNonNull(answers.find(keys.get(999))).bytes().length, 400);
        // what is left weighs its records: 1,000 bytes each, in 10,240-byte units rounded up
        assertEquals((answers.size() * 1_000L + 10_239) / 10_240, layer.serverLoad());

        int before = answers.size();
        assertFalse(answers.add("z9hG4bKhuge|192.0.2.1:5060|BYE", null, null,
                new byte[LingeringAnswers.FIRST_RING_BYTES], target, inMillis(32_000), 70_000),
                "a record of more than half the bound is refused (the transaction stays an object)");
        assertEquals(before, answers.size(), "and nothing left to make room for it");
    }
}
