package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.sbc.core.codec.JainTrees;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.InboundBacklog;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;

/**
 * The B2BUA's world without sockets: one event loop on a frozen clock that only moves when the
 * test says so, the SBC's UDP socket on each side as an {@link EmbeddedChannel} that records
 * every datagram, and TCP connections as further embedded channels. Everything sent is parsed
 * back and stamped with the virtual time it left at, so tests assert exact timer schedules.
 */
public final class FakeNetwork {

    /** The SBC's addresses in these tests: outside towards the phones, inside towards the PBX. */
    public static final InetSocketAddress OUTSIDE_LISTEN = address("198.51.100.10", 5060);
    public static final InetSocketAddress INSIDE_LISTEN = address("10.0.0.10", 5060);

    /** One message that left the SBC: when (virtual ms), on which side, to whom, over what. */
    public record Sent(long atMillis, SipSide side, Transport transport, InetSocketAddress recipient, Channel channel,
            SIPMessage message) {

        public SIPRequest request() {
            return (SIPRequest) message;
        }

        public SIPResponse response() {
            return (SIPResponse) message;
        }

        public boolean isRequest(String method) {
            return message instanceof SIPRequest r && r.getMethod().equals(method);
        }

        public boolean isResponse(int status) {
            return message instanceof SIPResponse r && r.getStatusCode() == status;
        }
    }

    private final EmbeddedChannel clock = new EmbeddedChannel();
    private final EmbeddedChannel outsideUdp = new EmbeddedChannel();
    private final EmbeddedChannel insideUdp = new EmbeddedChannel();
    private final List<EmbeddedChannel> connections = new ArrayList<>();
    private final List<SipSide> connectionSides = new ArrayList<>();
    private final List<Sent> sent = new ArrayList<>();
    /** On the virtual clock: a test says when a socket's read was full or emptied it. */
    private final InboundBacklog backlog = new InboundBacklog(() -> TimeUnit.MILLISECONDS.toNanos(now()));
    private final SideSockets sockets = new SideSockets(backlog);
    private final Counters counters = new Counters();
    private final Outbound outbound;
    private long now;

    public FakeNetwork() {
        clock.freezeTime();
        sockets.register(SipSide.OUTSIDE, listen(Transport.UDP, OUTSIDE_LISTEN), outsideUdp);
        sockets.register(SipSide.OUTSIDE, listen(Transport.TCP, OUTSIDE_LISTEN), List.of());
        sockets.register(SipSide.INSIDE, listen(Transport.UDP, INSIDE_LISTEN), insideUdp);
        sockets.register(SipSide.INSIDE, listen(Transport.TCP, INSIDE_LISTEN), List.of());
        outbound = new Outbound(sockets, counters);
    }

    public EventLoop loop() {
        return clock.eventLoop();
    }

    /** The SBC's UDP socket on {@code side}: what a datagram from that side arrived on. */
    public EmbeddedChannel udpChannel(SipSide side) {
        return side == SipSide.OUTSIDE ? outsideUdp : insideUdp;
    }

    /** What the SBC's UDP sockets hold unread, on the virtual clock. */
    public InboundBacklog backlog() {
        return backlog;
    }

    public SideSockets sockets() {
        return sockets;
    }

    public Outbound outbound() {
        return outbound;
    }

    public Counters counters() {
        return counters;
    }

    public long now() {
        return now;
    }

    /** An open TCP connection from {@code side} that records what the SBC writes on it. */
    public EmbeddedChannel tcpConnection(SipSide side) {
        EmbeddedChannel channel = new EmbeddedChannel();
        connections.add(channel);
        connectionSides.add(side);
        return channel;
    }

    /** Moves the clock forward by {@code millis}, running every timer that falls due on the way, at its time. */
    public void advance(long millis) {
        drain();
        long end = now + millis;
        for (int guard = 0; guard < 1_000_000; guard++) {
            long nextNanos = clock.runScheduledPendingTasks();
            drain();
            if (nextNanos < 0) {
                break;
            }
            long step = TimeUnit.NANOSECONDS.toMillis(nextNanos + 999_999);
            if (now + step > end) {
                break;
            }
            if (step > 0) {
                clock.advanceTimeBy(step, TimeUnit.MILLISECONDS);
                now += step;
            }
        }
        if (end > now) {
            clock.advanceTimeBy(end - now, TimeUnit.MILLISECONDS);
            now = end;
            clock.runScheduledPendingTasks();
            drain();
        }
    }

    /** Whether any timer is still scheduled on the loop (cancelled ones are not counted). */
    public boolean timersPending() {
        return clock.runScheduledPendingTasks() >= 0;
    }

    /** Everything sent since the last call, in order. */
    public List<Sent> takeSent() {
        drain();
        List<Sent> taken = List.copyOf(sent);
        sent.clear();
        return taken;
    }

    /** Everything sent since the last call that matches {@code filter}; the rest is dropped too. */
    public List<Sent> takeSent(Predicate<Sent> filter) {
        return takeSent().stream().filter(filter).toList();
    }

    /** The one message sent since the last call. */
    public Sent takeOne() {
        List<Sent> taken = takeSent();
        assertEquals(1, taken.size(), () -> "expected one message, got " + describe(taken));
        return taken.get(0);
    }

    public static String describe(List<Sent> messages) {
        return messages.stream().map(s -> s.atMillis() + "ms " + s.side() + " " + firstLine(s.message())).toList()
                .toString();
    }

    private static String firstLine(SIPMessage message) {
        return message.getFirstLine().trim();
    }

    private void drain() {
        drain(outsideUdp, SipSide.OUTSIDE);
        drain(insideUdp, SipSide.INSIDE);
        for (int i = 0; i < connections.size(); i++) {
            drain(connections.get(i), connectionSides.get(i));
        }
    }

    private void drain(EmbeddedChannel channel, SipSide side) {
        for (Object written; (written = channel.readOutbound()) != null; ) {
            if (written instanceof DatagramPacket packet) {
                try {
                    sent.add(new Sent(now, side, Transport.UDP, packet.recipient(), channel, parse(packet.content())));
                } finally {
                    packet.release();
                }
            } else {
                ByteBuf buf = (ByteBuf) written;
                try {
                    sent.add(new Sent(now, side, Transport.TCP, null, channel, parse(buf)));
                } finally {
                    buf.release();
                }
            }
        }
    }

    private static SIPMessage parse(ByteBuf content) {
        return parse(ByteBufUtil.getBytes(content));
    }

    public static SIPMessage parse(byte[] bytes) {
        try {
            return new StringMsgParser().parseSIPMessage(bytes, true, false, null);
        } catch (ParseException e) {
            throw new AssertionError("the SBC sent an unparseable message:\n"
                    + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    public static SIPRequest request(String text) {
        return (SIPRequest) parse(text.getBytes(StandardCharsets.UTF_8));
    }

    public static SIPResponse response(String text) {
        return (SIPResponse) parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #request(String)} as the codec's type, which the B2BUA takes. */
    public static SipRequest sipRequest(String text) {
        return JainTrees.request(request(text));
    }

    /** {@link #response(String)} as the codec's type, which the B2BUA takes. */
    public static SipResponse sipResponse(String text) {
        return JainTrees.response(response(text));
    }

    public static Target udp(SipSide side, InetSocketAddress address) {
        return Target.of(side, Transport.UDP, address);
    }

    public static Target tcp(SipSide side, InetSocketAddress address, Channel connection) {
        return new Target(side, Transport.TCP, address, Optional.of(connection));
    }

    public static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    private static ListenAddress listen(Transport transport, InetSocketAddress address) {
        return new ListenAddress(transport, address.getAddress(), address.getPort());
    }
}
