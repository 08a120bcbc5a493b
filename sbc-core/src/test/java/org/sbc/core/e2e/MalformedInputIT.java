package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sbc.core.SbcServer;
import org.sbc.core.config.Limits;
import org.sbc.core.metrics.Counter;

/**
 * Malformed input over real sockets: each message gets the answer we promise (a 4xx, or
 * nothing), and the listener goes on answering OPTIONS after every one.
 */
class MalformedInputIT {

    private static final String SBC_IP = "127.0.2.1";
    private static final String PEER_IP = "127.0.2.2";
    private static final InetSocketAddress SIP = new InetSocketAddress(SBC_IP, 5060);
    private static SbcServer server;

    @BeforeAll
    static void start() throws Exception {
        // The random-datagram flooder must reach the parser, not the flood guard (FloodIT
        // covers that): trusted, its 10,000 datagrams are all judged by the codec.
        server = TestServers.startTrusting(SBC_IP, 18082, "127.0.2.3");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A well-formed OPTIONS from {@code localIp}; the cases below break it in one way each. */
    private static String valid(String body, String contentLength) {
        return "OPTIONS sip:" + SBC_IP + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + PEER_IP + ":5060;branch=z9hG4bKbad;rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:probe@" + PEER_IP + ">;tag=1\r\n"
                + "To: <sip:" + SBC_IP + ">\r\nCall-ID: malformed-case\r\nCSeq: 1 OPTIONS\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n" + body;
    }

    static Stream<Arguments> udpCases() {
        String ok = valid("", "0");
        byte[] garbage = new byte[700];
        new Random(7).nextBytes(garbage);
        return Stream.of(
                Arguments.of("truncated", ok.substring(0, ok.length() / 2).getBytes(StandardCharsets.US_ASCII), null),
                Arguments.of("no CRLF at all", ok.replace("\r\n", " ").getBytes(StandardCharsets.US_ASCII), null),
                Arguments.of("bare LF line ends", ok.replace("\r\n", "\n").getBytes(StandardCharsets.US_ASCII), null),
                Arguments.of("60 KB header", valid("", "0").replace("Max-Forwards: 70", "X-Pad: " + "a".repeat(60_000) + "\r\nMax-Forwards: 70")
                        .getBytes(StandardCharsets.US_ASCII), null),
                Arguments.of("NUL in a header", ok.replace("Call-ID: malformed-case", "Call-ID: malformed\0case")
                        .getBytes(StandardCharsets.ISO_8859_1), "400"),
                Arguments.of("binary garbage", garbage, null),
                Arguments.of("Content-Length larger than body", valid("v=0\r\n", "50").getBytes(StandardCharsets.US_ASCII), "400"),
                Arguments.of("Content-Length smaller than body", valid("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\n", "5")
                        .getBytes(StandardCharsets.US_ASCII), "400"),
                Arguments.of("two Content-Length values", ok.replace("Content-Length: 0", "Content-Length: 0\r\nl: 12")
                        .getBytes(StandardCharsets.US_ASCII), null),
                // Answered from the raw lines (codec/RawAnswer), to the source port since the Via
                // cannot be read: RFC 4475 §3.1.2 wants invalid requests answered with 400.
                Arguments.of("unparseable Via", ok.replace("Via: SIP/2.0/UDP", "Via: SIP/9.9/???")
                        .getBytes(StandardCharsets.US_ASCII), "400"),
                Arguments.of("unparseable Request-URI", ok.replace("OPTIONS sip:", "OPTIONS <sip:").replace(" SIP/2.0\r\nVia", "> SIP/2.0\r\nVia")
                        .getBytes(StandardCharsets.US_ASCII), "400"),
                Arguments.of("SIP/3.0", ok.replace("SIP/2.0\r\nVia", "SIP/3.0\r\nVia")
                        .getBytes(StandardCharsets.US_ASCII), "505"),
                Arguments.of("folded Content-Length", ok.replace("Content-Length: 0", "Content-Length: 0\r\n 5")
                        .getBytes(StandardCharsets.US_ASCII), null),
                Arguments.of("unparseable Contact", ok.replace("CSeq: 1", "Contact: <<<>>>\r\nCSeq: 1")
                        .getBytes(StandardCharsets.US_ASCII), "400"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("udpCases")
    void answersOrDropsMalformedDatagramAndKeepsServing(String name, byte[] bytes, String expectedStatus) throws Exception {
        try (SipClient client = new SipClient(PEER_IP, SIP)) {
            client.send(bytes);
            Optional<String> answer = client.receive(500);
            if (expectedStatus == null) {
                assertTrue(answer.isEmpty(), name + ": expected no answer, got " + answer);
            } else {
                assertTrue(answer.isPresent(), name + ": expected " + expectedStatus);
                assertTrue(answer.get().startsWith("SIP/2.0 " + expectedStatus + " "), answer.get());
            }
            assertAnswersOptions(client, name);
        }
    }

    @Test
    void keepsAnsweringOptionsAfterTenThousandRandomDatagrams() throws Exception {
        long droppedBefore = server.counters().get(Counter.MALFORMED_DROPPED);
        Random random = new Random(20261126);
        try (SipClient flooder = new SipClient("127.0.2.3", SIP); SipClient probe = new SipClient(PEER_IP, SIP)) {
            for (int i = 0; i < 10_000; i++) {
                byte[] bytes = new byte[1 + random.nextInt(1_400)];
                random.nextBytes(bytes);
                flooder.send(bytes);
            }
            assertAnswersOptions(probe, "after 10,000 random datagrams");
        }
        // The flood may still be draining on the other I/O thread; wait until the count settles.
        long dropped = settled(() -> server.counters().get(Counter.MALFORMED_DROPPED)) - droppedBefore;
        // Not 10,000: the kernel may drop part of a burst when the socket buffer is full.
        assertTrue(dropped >= 5_000, "random datagrams the server judged and dropped: " + dropped);
    }

    /**
     * Datagrams sent back to back sit together in the socket and are read together (Linux:
     * several per system call, each in its own slot of the size limit plus one): every one up to
     * the limit is answered, exactly at the limit included, and none above it, in any position.
     */
    @Test
    void answersEveryDatagramOfABurstUpToTheSizeLimitAndNoneAboveIt() throws Exception {
        int limit = Limits.DEFAULT.maxMessageBytes();
        try (SipClient burst = new SipClient("127.0.2.3", SIP)) {
            java.util.Set<String> expected = new java.util.HashSet<>();
            for (int i = 0; i < 24; i++) {
                String callId = "burst-" + i;
                byte[] datagram = switch (i) {
                    case 5 -> optionsOfSize(burst, callId = "at-limit", limit);
                    case 9 -> optionsOfSize(burst, callId = "over-by-one", limit + 1);
                    case 10 -> optionsOfSize(burst, callId = "far-over", limit + 3_000);
                    case 11 -> optionsOfSize(burst, callId = "just-under", limit - 1);
                    default -> burst.optionsFromHere(callId).getBytes(StandardCharsets.US_ASCII);
                };
                if (datagram.length <= limit) {
                    expected.add(callId);
                }
                burst.send(datagram);
            }
            java.util.Set<String> answered = new java.util.HashSet<>();
            long deadline = System.nanoTime() + 6_000_000_000L;
            while (!answered.containsAll(expected) && System.nanoTime() < deadline) {
                burst.receive(500).ifPresent(answer -> answered.add(callIdOf(answer)));
            }
            // Anything answered late would follow the last expected answer within this wait.
            for (Optional<String> late = burst.receive(500); late.isPresent(); late = burst.receive(500)) {
                answered.add(callIdOf(late.get()));
            }
            assertEquals(expected, answered);
        }
    }

    /** An OPTIONS from {@code client} padded with a text body to exactly {@code size} bytes. */
    private static byte[] optionsOfSize(SipClient client, String callId, int size) {
        String head = client.optionsFromHere(callId).replace("Content-Length: 0\r\n",
                "Content-Type: text/plain\r\nContent-Length: %d\r\n");
        for (int body = Math.max(0, size - head.length() - 8); body <= size; body++) {
            String message = String.format(head, body) + "x".repeat(body);
            if (message.length() == size) {
                return message.getBytes(StandardCharsets.US_ASCII);
            }
        }
        throw new IllegalArgumentException("no OPTIONS of exactly " + size + " bytes");
    }

    private static String callIdOf(String answer) {
        for (String line : answer.split("\r\n")) {
            if (line.regionMatches(true, 0, "Call-ID:", 0, 8)) {
                return line.substring(8).trim();
            }
        }
        return "(none) " + answer;
    }

    @Test
    void closesTcpConnectionWhoseHeaderExceedsTheLimitAndServesTheNext() throws Exception {
        String huge = valid("", "0").replace("Max-Forwards: 70", "X-Pad: " + "a".repeat(70_000) + "\r\nMax-Forwards: 70");
        SipClient.TcpExchange exchange = SipClient.tcp(PEER_IP, SIP, huge.getBytes(StandardCharsets.US_ASCII), 3_000);
        assertTrue(exchange.closedByServer(), "the server keeps a stream it cannot frame");
        assertFalse(exchange.received().startsWith("SIP/2.0 2"), exchange.received());
        assertAnswersOptionsOverTcp("after a 70 KB header");
    }

    @Test
    void answersUnparseableRequestOverTcpWith400AndKeepsTheConnection() throws Exception {
        String bad = valid("", "0").replace("CSeq: 1", "Contact: <<<>>>\r\nCSeq: 1").replace("SIP/2.0/UDP", "SIP/2.0/TCP");
        String good = SipClient.options(PEER_IP, 5060, SBC_IP, "TCP", "after-bad");
        SipClient.TcpExchange exchange = SipClient.tcp(PEER_IP, SIP, (bad + good).getBytes(StandardCharsets.US_ASCII), 1_500);
        assertTrue(exchange.received().startsWith("SIP/2.0 400 "), exchange.received());
        assertTrue(exchange.received().contains("SIP/2.0 200 OK"), "second message on the same connection: " + exchange.received());
        assertFalse(exchange.closedByServer());
    }

    @Test
    void answersTcpKeepAlivePingWithPong() throws Exception {
        SipClient.TcpExchange exchange = SipClient.tcp(PEER_IP, SIP, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 1_000);
        assertEquals("\r\n", exchange.received());
    }

    private static long settled(java.util.function.LongSupplier counter) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        long last = -1;
        long value = counter.getAsLong();
        while (value != last && System.nanoTime() < deadline) {
            last = value;
            Thread.sleep(300);
            value = counter.getAsLong();
        }
        return value;
    }

    /**
     * Asks with an OPTIONS and waits for its 200, sending it again every 500 ms as a UA's timer E
     * would, for up to 6 s: over UDP a burst can fill the socket's receive buffer, and the kernel
     * then drops whatever comes next, the probe's first copy included.
     */
    private static void assertAnswersOptions(SipClient client, String after) throws Exception {
        byte[] options = client.optionsFromHere("probe-" + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
        long deadline = System.nanoTime() + 6_000_000_000L;
        boolean answered = false;
        while (!answered && System.nanoTime() < deadline) {
            client.send(options);
            long resend = System.nanoTime() + 500_000_000L;
            // A late answer to the malformed message may arrive first; the OK must follow.
            for (Optional<String> answer = client.receive(500); answer.isPresent() && !answered;
                    answer = System.nanoTime() < resend ? client.receive(500) : Optional.empty()) {
                answered = answer.get().startsWith("SIP/2.0 200 ");
            }
        }
        assertTrue(answered, "no 200 to OPTIONS " + after);
    }

    private static void assertAnswersOptionsOverTcp(String after) throws Exception {
        String options = SipClient.options(PEER_IP, 5060, SBC_IP, "TCP", "tcp-probe");
        SipClient.TcpExchange exchange = SipClient.tcp(PEER_IP, SIP, options.getBytes(StandardCharsets.US_ASCII), 1_500);
        assertTrue(exchange.received().startsWith("SIP/2.0 200 OK"), "no 200 over TCP " + after + ": " + exchange.received());
    }
}
