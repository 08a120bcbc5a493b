package org.sbc.core.b2bua;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sbc.core.codec.HeaderField;
import org.sbc.core.codec.SipMessage;
import org.sbc.core.codec.SipMessageDecoder;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.Responses;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;
import org.sbc.core.topology.TopologyHiding;

/**
 * Runs whole calls (INVITE, 100, 180, 200, ACK, BYE, 200) through a B2BUA of its own before the
 * listeners open, so that the first calls after a start meet compiled code in the B2BUA too.
 *
 * <p>The message path's warm-up ({@code transport/MessagePathWarmUp}) covers decoding and
 * encoding, but the B2BUA (transactions, dialogs, topology handles, the sanitiser, the requests
 * built for the other leg) is most of a call's work. Without this, a start under 2,000 calls/s
 * ran it interpreted for its first seconds; the PBX's answers queued in the socket longer than
 * T1, the SBC retransmitted INVITEs the PBX had already answered, and 2-4 % of the first minute's
 * calls failed (docs/benchmarks.md).
 *
 * <p>Nothing the server counts or holds is touched: the B2BUA, its counters, its topology handles
 * (strip mode always in memory, never the shared Redis) and its sockets are its own; the sockets
 * are embedded channels, and the caller and the PBX are played here from the datagrams they get.
 * Only UDP to the PBX is played; calls are one at a time, so no per-source limit is met.
 */
public final class CallPathWarmUp {

    /** Calls at most: past the JIT's thresholds for what every message of a call runs. */
    public static final int MAX_CALLS = 4_000;

    private static final AtomicBoolean RAN = new AtomicBoolean();

    private static final InetSocketAddress CALLER = new InetSocketAddress(address(192, 0, 2, 1), 5062);
    private static final InetSocketAddress OUTSIDE_LISTEN = new InetSocketAddress(address(192, 0, 2, 10), 5060);
    private static final InetSocketAddress INSIDE_LISTEN = new InetSocketAddress(address(198, 51, 100, 10), 5060);
    /** The SBC's outside host:port, as the caller writes it in its Request-URI and To. */
    private static final String SBC = ListenAddress.hostText(OUTSIDE_LISTEN.getAddress()) + ":" + OUTSIDE_LISTEN.getPort();
    /** A softphone's audio offer, every line ended by CRLF; the message path's warm-up sends it too. */
    public static final String SDP_OFFER = """
            v=0
            o=alice 1 1 IN IP4 192.0.2.1
            s=-
            c=IN IP4 192.0.2.1
            t=0 0
            m=audio 40000 RTP/AVP 0 8 101
            a=rtpmap:101 telephone-event/8000
            """.replace("\n", "\r\n");

    private CallPathWarmUp() {
    }

    /**
     * Once per JVM (compiled code is the JVM's, not a server's), until {@code deadlineNanos}.
     *
     * @return the calls completed: 0 when the deadline has passed, when this JVM ran them already,
     *     or when the PBX is not reached over UDP
     * @throws IllegalStateException when a call does not complete: a bug here, or a configuration
     *     that does not route a call from the outside to the PBX
     */
    public static int run(SbcConfig config, long deadlineNanos) {
        if (System.nanoTime() >= deadlineNanos || !RAN.compareAndSet(false, true)) {
            return 0;
        }
        return calls(config, deadlineNanos, MAX_CALLS);
    }

    static int calls(SbcConfig config, long deadlineNanos, int maxCalls) {
        if (config.pbx().transport() != Transport.UDP) {
            return 0;
        }
        Counters counters = new Counters();
        EmbeddedChannel outside = new EmbeddedChannel();
        EmbeddedChannel inside = new EmbeddedChannel();
        SideSockets sockets = new SideSockets();
        sockets.register(SipSide.OUTSIDE, listen(OUTSIDE_LISTEN), outside);
        sockets.register(SipSide.INSIDE, listen(INSIDE_LISTEN), inside);
        TopologyHiding topology = null;
        B2bua b2bua = null;
        try {
            InetAddress pbxAddress = InetAddress.getByName(config.pbx().host());
            topology = TopologyHiding.startInMemory(config, pbxAddress);
            b2bua = B2bua.create(config, outside.eventLoop(), new Outbound(sockets, counters, topology), counters,
                    null, topology, SecurityEventSink.NONE, null, record -> { });
            b2bua.remember(CALLER.getAddress());
            PlayedCall call = new PlayedCall(b2bua, new SipMessageDecoder(config.limits(), counters), outside, inside,
                    new InetSocketAddress(pbxAddress, config.pbx().port()));
            int calls = 0;
            while (calls < maxCalls && System.nanoTime() < deadlineNanos) {
                call.run(calls);
                outside.runScheduledPendingTasks();
                calls++;
            }
            return calls;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the PBX's name does not resolve: " + config.pbx().host(), e);
        } finally {
            if (b2bua != null) {
                b2bua.close();
            } else if (topology != null) {
                topology.close();
            }
            outside.finishAndReleaseAll();
            inside.finishAndReleaseAll();
        }
    }

    /** One call, the caller on the outside and the PBX on the inside played from what the SBC sends them. */
    private static final class PlayedCall {

        private final B2bua b2bua;
        private final SipMessageDecoder decoder;
        private final EmbeddedChannel outside;
        private final EmbeddedChannel inside;
        private final Peer fromCaller;
        private final Peer fromPbx;
        /** The PBX's Contact, and its SDP answer: the same in every call. */
        private final HeaderField pbxContact;
        private final byte[] pbxAnswer;
        private final Responses pbx = new Responses(Optional.empty());

        PlayedCall(B2bua b2bua, SipMessageDecoder decoder, EmbeddedChannel outside, EmbeddedChannel inside,
                InetSocketAddress pbxAddress) {
            this.b2bua = b2bua;
            this.decoder = decoder;
            this.outside = outside;
            this.inside = inside;
            this.fromCaller = new Peer(Transport.UDP, CALLER, OUTSIDE_LISTEN);
            this.fromPbx = new Peer(Transport.UDP, pbxAddress, INSIDE_LISTEN);
            String pbxHost = ListenAddress.hostText(pbxAddress.getAddress());
            this.pbxContact = new HeaderField("Contact", "<sip:100@" + pbxHost + ":" + pbxAddress.getPort() + ">");
            this.pbxAnswer = SDP_OFFER.replace("192.0.2.1", pbxHost).getBytes(StandardCharsets.UTF_8);
        }

        void run(int n) {
            String dialog = "From: \"Alice\" <sip:alice@192.0.2.1>;tag=wa" + n + "\r\n"
                    + "Call-ID: warm-" + n + "@192.0.2.1\r\n";
            fromCaller("INVITE sip:100@" + SBC + " SIP/2.0\r\n"
                    + via(n, 1) + dialog
                    + "To: <sip:100@" + SBC + ">\r\n"
                    + "CSeq: 1 INVITE\r\n"
                    + "Contact: <sip:alice@192.0.2.1:5062>\r\n"
                    + "User-Agent: warm-up\r\n"
                    + "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n"
                    + "Content-Type: application/sdp\r\n"
                    + "Content-Length: " + SDP_OFFER.length() + "\r\n\r\n" + SDP_OFFER);

            SipRequest invite = (SipRequest) sentTo(inside, "INVITE", n);
            SipResponse ringing = pbx.create(invite, 180, "Ringing");
            ringing.setHeader(pbxContact);
            fromPbx(ringing);
            SipResponse ok = pbx.create(invite, 200, "OK");
            ok.setHeader(pbxContact);
            ok.setHeader(new HeaderField("Content-Type", "application/sdp"));
            ok.replaceBody(pbxAnswer);
            fromPbx(ok);

            SipMessage answered = sentTo(outside, "200 INVITE", n);
            String target = answered.contactUri().orElseThrow(() -> failed(n, "a 200 without a Contact")).toString();
            String inDialog = dialog + "To: <sip:100@" + SBC + ">;tag=" + answered.toTag() + "\r\n";
            fromCaller("ACK " + target + " SIP/2.0\r\n" + via(n, 2) + inDialog
                    + "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
            sentTo(inside, "ACK", n);
            fromCaller("BYE " + target + " SIP/2.0\r\n" + via(n, 3) + inDialog
                    + "CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n");
            fromPbx(pbx.create((SipRequest) sentTo(inside, "BYE", n), 200, "OK"));
            sentTo(outside, "200 BYE", n);
        }

        private static String via(int n, int transaction) {
            return "Via: SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK-warm-" + n + "-" + transaction + ";rport\r\n"
                    + "Max-Forwards: 70\r\n";
        }

        private void fromCaller(String text) {
            b2bua.receive(decode(text.getBytes(StandardCharsets.UTF_8), fromCaller), SipSide.OUTSIDE, outside);
        }

        private void fromPbx(SipResponse response) {
            b2bua.receive(decode(response.encode("UDP"), fromPbx), SipSide.INSIDE, inside);
        }

        private ReceivedMessage decode(byte[] bytes, Peer peer) {
            if (decoder.decode(new SipFrame(bytes, peer)) instanceof ReceivedMessage received) {
                return received;
            }
            throw new IllegalStateException("a warm-up message did not decode: "
                    + new String(bytes, StandardCharsets.UTF_8));
        }

        /**
         * The last message the SBC sent on {@code channel} that is {@code expected} ("INVITE",
         * "200 BYE"), decoded as its recipient reads it; what came before it (100 Trying, 180
         * Ringing) is dropped.
         */
        private SipMessage sentTo(EmbeddedChannel channel, String expected, int n) {
            List<SipMessage> sent = new ArrayList<>();
            for (Object packet; (packet = channel.readOutbound()) != null; ) {
                try {
                    byte[] bytes = ByteBufUtil.getBytes(((DatagramPacket) packet).content());
                    sent.add(decode(bytes, channel == inside ? fromPbx : fromCaller).message());
                } finally {
                    ReferenceCountUtil.release(packet);
                }
            }
            for (SipMessage message : sent) {
                String kind = message instanceof SipRequest request ? request.method()
                        : ((SipResponse) message).status() + " " + message.cseqMethod();
                if (kind.equals(expected)) {
                    return message;
                }
            }
            throw failed(n, "expected " + expected + " on the " + (channel == inside ? "inside" : "outside")
                    + ", got " + sent.size() + " other message(s)");
        }

        private static IllegalStateException failed(int n, String what) {
            return new IllegalStateException("warm-up call " + n + " did not complete: " + what);
        }
    }

    private static ListenAddress listen(InetSocketAddress address) {
        return new ListenAddress(Transport.UDP, address.getAddress(), address.getPort());
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
