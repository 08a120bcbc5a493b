package org.sbc.core.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sbc.core.b2bua.CallPathWarmUp;
import org.sbc.core.codec.SipMessageDecoder;
import org.sbc.core.codec.UdpFrameDecoder;
import org.sbc.core.config.Limits;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.edge.EdgeContext;
import org.sbc.core.edge.SourceGates;
import org.sbc.core.edge.ban.BanTable;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.edge.pressure.PreParseShedding;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.Responses;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.sip.Transport;

/**
 * Runs the message path's hottest code before the listeners open, so that a flood meeting a
 * fresh start meets compiled code: the JVM compiles a method only after thousands of calls, and
 * until then the first seconds of a flood ran interpreted, with both cores also busy compiling
 * (docs/benchmarks.md, the distributed flood: probes answered after 300-500 ms in a flood's first
 * second). A few representative messages go through the real decoder, the real encoder, a
 * generated response, and a flood's datagrams from many sources through the source gates, the
 * framer and the refusal before the parse, in instances of their own with counters and a ban
 * table of their own: nothing the server counts or holds is touched.
 *
 * <p>Bounded by its share of {@code limits.warm_up_ms} (0: off) and by {@value #MAX_ROUNDS} rounds,
 * whichever comes first: a quiet machine is done in a fraction of the time. Whole calls through
 * the B2BUA follow ({@code b2bua/CallPathWarmUp}). Once per JVM: compiled code is
 * the JVM's, not a server's, so a second server in the same process (the end-to-end tests start
 * a hundred) starts without it.
 */
public final class MessagePathWarmUp {

    /** Rounds of every message: past the JIT's thresholds for the methods each message runs. */
    static final int MAX_ROUNDS = 2_000;
    /**
     * Refusals before the parse per round: under a flood they are nearly all the work, and each
     * costs a fraction of a decode, so they reach the compiler's thresholds within the budget.
     */
    static final int REFUSALS_PER_ROUND = 10;

    private static final Peer PEER = new Peer(Transport.UDP, new InetSocketAddress("192.0.2.1", 5062),
            new InetSocketAddress("192.0.2.2", 5060));

    private static final AtomicBoolean RAN = new AtomicBoolean();
    /**
     * Warm-up sources, four to a /24 in 198.18.0.0/15 (RFC 2544's benchmarking range): a flood's
     * spread, each far under the flood guard's densities.
     */
    private static final int SOURCES = 1_000;

    private MessagePathWarmUp() {
    }

    /**
     * @param deadlineNanos when to stop ({@link System#nanoTime()}): the part of
     *     {@code limits.warm_up_ms} the start gives this stage
     * @return the rounds run: 0 when off, or when this JVM has run them already
     */
    public static int run(SbcConfig config, long deadlineNanos) {
        if (config.limits().warmUpMs() == 0 || !RAN.compareAndSet(false, true)) {
            return 0;
        }
        return rounds(config, deadlineNanos, MAX_ROUNDS);
    }

    /**
     * Up to {@code maxRounds} rounds of every sample, until {@code deadlineNanos}.
     *
     * @throws IllegalStateException when a sample does not decode: a bug here, which would warm
     *     the error paths instead
     */
    static int rounds(SbcConfig config, long deadlineNanos, int maxRounds) {
        Limits limits = config.limits();
        Counters counters = new Counters();
        EdgeContext context = EdgeContext.of(new Responses(Optional.empty()), counters);
        EmbeddedChannel decode = new EmbeddedChannel(new SipMessageDecoder(limits, counters));
        // A datagram's path under a flood, from the socket to the refusal: the source gates (a
        // ban table of their own), the framer, the refusal before the parse.
        Clock clock = Clock.systemUTC();
        SourceGates gates = new SourceGates(config, new BanTable(config.security().ban(),
                new Exemptions(config.security().trusted(), config.security().allow()), SecurityEventSink.NONE,
                counters, clock), SecurityEventSink.NONE, counters, clock);
        EmbeddedChannel shed = new EmbeddedChannel();
        gates.addDatagramGates(shed.pipeline());
        shed.pipeline().addLast(new UdpFrameDecoder(limits, counters))
                .addLast(new PreParseShedding(context, (source, opensDialog) -> true));
        int rounds = 0;
        int source = 0;
        try {
            while (rounds < maxRounds && System.nanoTime() < deadlineNanos) {
                for (byte[] message : Samples.ALL) {
                    decode.writeInbound(new SipFrame(message, PEER));
                    if (!(decode.readInbound() instanceof ReceivedMessage received)) {
                        throw new IllegalStateException("a warm-up sample did not decode");
                    }
                    received.message().encode("UDP");
                    if (received.isRequest() && !"ACK".equals(received.request().method())) {
                        context.responses().create(received.request(), 200, "OK").encode("UDP");
                    }
                }
                for (int i = 0; i < REFUSALS_PER_ROUND; i++) {
                    source = (source + 1) % SOURCES;
                    shed.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(Samples.INVITE), PEER.local(),
                            new InetSocketAddress(sourceAddress(source), 5060)));
                    // Refused, or dropped by the gates once a config's low densities ban the
                    // warm-up's sources (in its own table): a path a flood takes too.
                    ReferenceCountUtil.release(shed.readOutbound());
                }
                rounds++;
            }
        } finally {
            decode.finishAndReleaseAll();
            shed.finishAndReleaseAll();
        }
        return rounds;
    }

    private static InetAddress sourceAddress(int index) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 198, 18, (byte) (index / 4), (byte) (1 + index % 4)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    /** What a call and a registration send, as a softphone writes them. */
    private static final class Samples {

        static final byte[] INVITE = bytes("""
                INVITE sip:100@192.0.2.2:5060 SIP/2.0
                Via: SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK-warm-1;rport
                Max-Forwards: 70
                From: "Alice" <sip:alice@192.0.2.1>;tag=warm-a
                To: <sip:100@192.0.2.2>
                Call-ID: warm-1@192.0.2.1
                CSeq: 1 INVITE
                Contact: <sip:alice@192.0.2.1:5062>
                User-Agent: warm-up
                Allow: INVITE, ACK, CANCEL, BYE, OPTIONS
                Content-Type: application/sdp
                Content-Length: %d

                """.formatted(CallPathWarmUp.SDP_OFFER.length()), CallPathWarmUp.SDP_OFFER);

        static final List<byte[]> ALL = List.of(INVITE,
                response(100, "Trying", ""), response(180, "Ringing", ";tag=warm-b"), response(200, "OK", ";tag=warm-b"),
                bytes("""
                        ACK sip:100@192.0.2.2:5060 SIP/2.0
                        Via: SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK-warm-2;rport
                        Max-Forwards: 70
                        From: "Alice" <sip:alice@192.0.2.1>;tag=warm-a
                        To: <sip:100@192.0.2.2>;tag=warm-b
                        Call-ID: warm-1@192.0.2.1
                        CSeq: 1 ACK
                        Content-Length: 0

                        """),
                bytes("""
                        OPTIONS sip:192.0.2.2:5060 SIP/2.0
                        Via: SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK-warm-3;rport
                        Max-Forwards: 70
                        From: <sip:probe@192.0.2.1>;tag=warm-c
                        To: <sip:192.0.2.2>
                        Call-ID: warm-2@192.0.2.1
                        CSeq: 1 OPTIONS
                        Content-Length: 0

                        """),
                bytes("""
                        REGISTER sip:192.0.2.2 SIP/2.0
                        Via: SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK-warm-4;rport
                        Max-Forwards: 70
                        From: <sip:alice@192.0.2.2>;tag=warm-d
                        To: <sip:alice@192.0.2.2>
                        Call-ID: warm-3@192.0.2.1
                        CSeq: 1 REGISTER
                        Contact: <sip:alice@192.0.2.1:5062>
                        Expires: 300
                        Content-Length: 0

                        """));

        private static byte[] response(int status, String reason, String toTag) {
            return bytes("SIP/2.0 " + status + " " + reason + "\n"
                    + "Via: SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK-warm-1;rport=5062;received=192.0.2.1\n"
                    + "From: \"Alice\" <sip:alice@192.0.2.1>;tag=warm-a\n"
                    + "To: <sip:100@192.0.2.2>" + toTag + "\n"
                    + "Call-ID: warm-1@192.0.2.1\n"
                    + "CSeq: 1 INVITE\n"
                    + (status == 100 ? "" : "Contact: <sip:100@192.0.2.2:5060>\n")
                    + "Content-Length: 0\n\n");
        }

        /** Lines end in CRLF on the wire. */
        private static byte[] bytes(String text) {
            return bytes(text, "");
        }

        /** {@code head}'s lines ended in CRLF, then {@code body} as it is. */
        private static byte[] bytes(String head, String body) {
            return (head.replace("\n", "\r\n") + body).getBytes(StandardCharsets.UTF_8);
        }
    }
}
