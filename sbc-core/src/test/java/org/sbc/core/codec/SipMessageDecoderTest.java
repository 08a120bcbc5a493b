package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.header.Via;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sbc.core.config.Limits;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.MalformedMessage;
import org.sbc.core.sip.MalformedMessage.Problem;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.TestPeers;

class SipMessageDecoderTest {

    private static final Peer SOURCE = TestPeers.udp("203.0.113.7", 40000);

    private final Counters counters = new Counters();
    private final SipMessageDecoder decoder = new SipMessageDecoder(Limits.DEFAULT, counters);
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);

    private Object decode(byte[] bytes, Peer peer) {
        assertTrue(channel.writeInbound(new SipFrame(bytes, peer)));
        Object result = channel.readInbound();
        assertNull(channel.readInbound(), "one frame, one result");
        assertFalse(channel.finish());
        return result;
    }

    private ReceivedMessage received(SipMessages message, Peer peer) {
        return assertInstanceOf(ReceivedMessage.class, decode(message.bytes(), peer));
    }

    private MalformedMessage malformed(SipMessages message, Peer peer) {
        return assertInstanceOf(MalformedMessage.class, decode(message.bytes(), peer));
    }

    private static Via topVia(ReceivedMessage received) {
        return received.message().jainTree().getTopmostVia();
    }

    @Test
    void decodesValidRequestAndCountsIt() {
        ReceivedMessage received = received(SipMessages.options(), SOURCE);

        assertTrue(received.isRequest());
        assertEquals("OPTIONS", received.request().jainTree().getMethod());
        assertEquals(SOURCE, received.peer());
        assertEquals(1, counters.get(Counter.MESSAGES_RECEIVED));
    }

    @Test
    void stampsRportAndReceivedFromSourceWhenViaAsksForRport() {
        Via via = topVia(received(SipMessages.options(), SOURCE));

        assertEquals("40000", via.getParameter(Via.RPORT));
        assertEquals("203.0.113.7", via.getReceived());
    }

    @Test
    void stampsOnlyReceivedWhenSentByDiffersFromSourceWithoutRport() {
        SipMessages message = SipMessages.options().header("Via", "SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK-1");

        Via via = topVia(received(message, SOURCE));

        assertEquals("203.0.113.7", via.getReceived());
        assertFalse(via.hasParameter(Via.RPORT));
    }

    @Test
    void stampsNothingWhenSentByEqualsSourceWithoutRport() {
        SipMessages message = SipMessages.options().header("Via", "SIP/2.0/UDP 203.0.113.7:40000;branch=z9hG4bK-1");

        Via via = topVia(received(message, SOURCE));

        assertNull(via.getReceived());
        assertFalse(via.hasParameter(Via.RPORT));
    }

    @Test
    void leavesResponsesUnstamped() {
        ReceivedMessage received = received(SipMessages.response(), SOURCE);

        assertFalse(received.isRequest());
        assertNull(topVia(received).getReceived());
    }

    @Test
    void setsBodyWhenContentLengthMatches() {
        String sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n";
        SipMessages message = SipMessages.options().add("Content-Type", "application/sdp").body(sdp);

        ReceivedMessage received = received(message, SOURCE);

        assertArrayEquals(sdp.getBytes(StandardCharsets.UTF_8), received.message().jainTree().getRawContent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"4", "6", "0", "100"})
    void refusesContentLengthThatDisagreesWithBodyButAnswersIt(String declared) {
        SipMessages message = SipMessages.options().body("hello").header("Content-Length", declared);

        MalformedMessage malformed = malformed(message, SOURCE);

        assertEquals(Problem.CONTENT_LENGTH_MISMATCH, malformed.problem());
        assertTrue(malformed.answerable().isPresent());
        assertEquals("203.0.113.7", malformed.answerable().get().jainTree().getTopmostVia().getReceived());
        assertEquals(0, counters.get(Counter.MESSAGES_RECEIVED));
    }

    /** A folded Content-Length must not give the framer and the parsed message two different lengths. */
    @Test
    void neverAcceptsMessageWhoseParsedContentLengthDisagreesWithItsBody() {
        SipMessages folded = SipMessages.options().header("Content-Length", "0\r\n 5");

        Object decoded = decode(folded.bytes(), SOURCE);

        assertInstanceOf(MalformedMessage.class, decoded, () -> "accepted with an empty body and a parsed "
                + ((ReceivedMessage) decoded).message().jainTree().getContentLength().toString().trim());
    }

    @Test
    void refusesMissingContentLengthOverTcp() {
        MalformedMessage malformed = malformed(SipMessages.options().without("Content-Length"),
                TestPeers.tcp("203.0.113.7", 40000));

        assertEquals(Problem.MISSING_CONTENT_LENGTH, malformed.problem());
        assertTrue(malformed.answerable().isPresent());
    }

    @Test
    void acceptsMissingContentLengthOverUdp() {
        received(SipMessages.options().without("Content-Length"), SOURCE);
    }

    @Test
    void refusesGarbageStartLineWithoutAnswer() {
        MalformedMessage malformed = malformed(SipMessages.options().startLine("HELLO THERE"), SOURCE);

        assertEquals(Problem.UNPARSEABLE, malformed.problem());
        assertTrue(malformed.answerable().isEmpty());
    }

    @Test
    void refusesOtherSipVersionAsAnswerable505() {
        MalformedMessage malformed = malformed(SipMessages.options().startLine("OPTIONS sip:127.0.0.1 SIP/3.0"), SOURCE);

        assertEquals(Problem.VERSION_NOT_SUPPORTED, malformed.problem());
        assertEquals(505, malformed.problem().status());
        assertTrue(malformed.answerable().isPresent());
    }

    @Test
    void neverAnswersMalformedAck() {
        SipMessages ack = SipMessages.request("ACK", "sip:127.0.0.1").body("hello").header("Content-Length", "9");

        MalformedMessage malformed = malformed(ack, SOURCE);

        assertEquals(Problem.CONTENT_LENGTH_MISMATCH, malformed.problem());
        assertTrue(malformed.answerable().isEmpty());
    }

    @Test
    void refusesBadHeaderButKeepsRequestAnswerable() {
        MalformedMessage malformed = malformed(SipMessages.options().add("Contact", "<<<<"), SOURCE);

        assertEquals(Problem.MALFORMED_HEADER, malformed.problem());
        assertTrue(malformed.answerable().isPresent());
        assertEquals("call-1@192.0.2.1", malformed.answerable().get().jainTree().getCallId().getCallId());
    }

    @Test
    void answersFromRawLinesWhatTheParserCannotRead() {
        MalformedMessage malformed = malformed(SipMessages.options().startLine("OPTIONS <sip:a@example.com> SIP/2.0"), SOURCE);

        assertTrue(malformed.answerable().isEmpty());
        assertTrue(malformed.rawAnswer().isPresent());
        assertTrue(malformed.isAnswerable());
    }

    @Test
    void neverAnswersAResponseOrAGarbageStartLineFromRawLines() {
        assertFalse(malformed(SipMessages.options().startLine("HELLO THERE"), SOURCE).isAnswerable());
        assertFalse(org.sbc.core.testing.SipTesting.malformed(SipMessages.response().startLine("SIP/2.0 <200> OK"), SOURCE)
                .isAnswerable());
    }

    @Test
    void refusesWhatTheParserForgivesButKeepsItAnswerable() {
        MalformedMessage malformed = malformed(SipMessages.options().add("Call-ID", "second-call-id"), SOURCE);

        assertEquals(Problem.DUPLICATE_HEADER, malformed.problem());
        assertTrue(malformed.answerable().isPresent());
    }

    @Test
    void refusesRequestWithoutCallIdUnanswerable() {
        MalformedMessage malformed = malformed(SipMessages.options().without("Call-ID").add("Contact", "<<<<"), SOURCE);

        assertTrue(malformed.answerable().isEmpty());
    }

    @Test
    void passesScannerProblemOnWithAnswerableRequest() {
        MalformedMessage malformed = malformed(SipMessages.options().add("Subject", "a\u0001b"), SOURCE);

        assertEquals(Problem.CONTROL_CHARACTER, malformed.problem());
        assertTrue(malformed.answerable().isPresent());
    }

    @Test
    void acceptsUtf8DisplayNameAndEncodesItBackByteExact() {
        String from = "\"J\u00fcrgen M\u00fcller\" <sip:juergen@example.com>;tag=1";
        ReceivedMessage received = received(SipMessages.options().header("From", from), SOURCE);

        String encoded = new String(SipEncoder.encode(received.message().jainTree(), "UDP"), StandardCharsets.UTF_8);
        assertTrue(encoded.contains("From: " + from + "\r\n"), encoded);
    }

    @Test
    void keepsUtf8HeadersUtf8WhenTheBodyDeclaresAnotherCharset() {
        String subject = "Gr\u00fc\u00dfe \u5927\u505c\u96fb";
        byte[] latin1Body = "Gr\u00fc\u00dfe".getBytes(StandardCharsets.ISO_8859_1);
        SipMessages message = SipMessages.options().header("Subject", subject)
                .header("Content-Type", "text/plain;charset=ISO-8859-1")
                .header("Content-Length", Integer.toString(latin1Body.length));
        byte[] head = message.bytes();
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + latin1Body.length);
        System.arraycopy(latin1Body, 0, bytes, head.length, latin1Body.length);

        ReceivedMessage received = assertInstanceOf(ReceivedMessage.class, decode(bytes, SOURCE));
        byte[] encoded = SipEncoder.encode(received.message().jainTree(), "UDP");

        String asUtf8 = new String(encoded, StandardCharsets.UTF_8);
        assertTrue(asUtf8.contains("Subject: " + subject + "\r\n"), asUtf8);
        assertArrayEquals(latin1Body, java.util.Arrays.copyOfRange(encoded, encoded.length - latin1Body.length,
                encoded.length));
    }

    @Test
    void refusesMalformedUtf8ButKeepsTheRequestAnswerable() {
        byte[] text = SipMessages.options().add("Subject", "a\u00ffb").bytes();
        // Replace the UTF-8 encoding of U+00FF (C3 BF) with the lone octet FF.
        String latin = new String(text, StandardCharsets.ISO_8859_1).replace("a\u00c3\u00bfb", "a\u00ffb");

        MalformedMessage malformed = assertInstanceOf(MalformedMessage.class,
                decode(latin.getBytes(StandardCharsets.ISO_8859_1), SOURCE));

        assertEquals(Problem.INVALID_UTF8, malformed.problem());
        assertTrue(malformed.answerable().isPresent());
    }

    @Test
    void skipsLeadingCrlf() {
        byte[] bytes = ("\r\n\r\n\n" + SipMessages.options().text()).getBytes(StandardCharsets.UTF_8);

        assertInstanceOf(ReceivedMessage.class, decode(bytes, SOURCE));
    }

    @Test
    void refusesOversizeMessageUnanswerable() {
        String filler = "x".repeat(Limits.DEFAULT.maxMessageBytes());
        MalformedMessage malformed = malformed(SipMessages.options().body(filler), SOURCE);

        assertEquals(Problem.TOO_LARGE, malformed.problem());
        assertTrue(malformed.answerable().isEmpty());
    }

    @Test
    void refusesHeaderBlockWithoutEnd() {
        byte[] bytes = "OPTIONS sip:127.0.0.1 SIP/2.0\r\nCall-ID: a\r\n".getBytes(StandardCharsets.US_ASCII);

        MalformedMessage malformed = assertInstanceOf(MalformedMessage.class, decode(bytes, SOURCE));

        assertEquals(Problem.NO_HEADER_END, malformed.problem());
    }

    /** A quick smoke test; the jqwik properties in fuzz-tests go much further. */
    @Test
    void neverThrowsOnRandomOrMutatedBytes() {
        Random random = new Random(20240611L);
        byte[] valid = SipMessages.options().add("Contact", "<sip:a@192.0.2.1>").body("v=0\r\n").bytes();
        for (int i = 0; i < 3_000; i++) {
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = new byte[random.nextInt(600)];
                random.nextBytes(bytes);
            } else {
                bytes = valid.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            Object result = decoder.decode(new SipFrame(bytes, SOURCE));
            assertTrue(result instanceof ReceivedMessage || result instanceof MalformedMessage, "case " + i);
        }
    }

    @Test
    void namesAHeaderLineWithoutColonAndKeepsTheRequestAnswerable() {
        MalformedMessage malformed = malformed(SipMessages.options().line("X-Broken this line has no colon"), SOURCE);

        assertEquals(Problem.HEADER_WITHOUT_COLON, malformed.problem());
        assertEquals("Header Line Without Colon", malformed.problem().reasonPhrase());
        assertTrue(malformed.answerable().isPresent(), "400 names the problem");
    }
}
