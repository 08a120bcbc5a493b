package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.Limits;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.testing.TestPeers;

/** A flood of made-up header names must not grow JAIN-SIP's name cache past its bound. */
class HeaderNameCacheBoundTest {

    private static final Peer SOURCE = TestPeers.udp("203.0.113.7", 40000);

    private final SipMessageDecoder decoder = new SipMessageDecoder(Limits.DEFAULT, new Counters());

    @Test
    void madeUpHeaderNamesDoNotGrowTheCacheWithoutLimit() {
        int largest = 0;
        for (int i = 0; i < 3 * HeaderNameCacheBound.MAX_ENTRIES; i++) {
            // Two entries per new name (as written and lower-cased) without the bound: 24,576 here.
            ReceivedMessage received = assertInstanceOf(ReceivedMessage.class, decode(options("X-Made-Up-" + i)));
            assertEquals("v", received.message().header("X-Made-Up-" + i).orElseThrow());
            largest = Math.max(largest, HeaderNameCacheBound.size());
        }
        assertTrue(largest <= HeaderNameCacheBound.MAX_ENTRIES, "cache held " + largest + " entries");
        assertTrue(largest > HeaderNameCacheBound.MAX_ENTRIES / 2, "the flood must have filled it: " + largest);

        // Emptied or not, the cache still serves: a plain message parses as ever.
        ReceivedMessage after = assertInstanceOf(ReceivedMessage.class, decode(options("X-Last")));
        assertEquals("1 OPTIONS", after.message().cseq() + " " + after.message().cseqMethod());
        assertEquals("x@example.com", after.message().callId());
    }

    private Object decode(String message) {
        return decoder.decode(new SipFrame(message.getBytes(StandardCharsets.UTF_8), SOURCE));
    }

    private static String options(String extraHeader) {
        return "OPTIONS sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 203.0.113.7:40000;branch=z9hG4bK1\r\n"
                + "From: <sip:a@example.com>;tag=1\r\nTo: <sip:a@example.com>\r\nCall-ID: x@example.com\r\n"
                + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n" + extraHeader + ": v\r\nContent-Length: 0\r\n\r\n";
    }
}
