package org.sbc.core.codec;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sip.message.Request;
import org.sbc.core.config.Limits;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.MalformedMessage;
import org.sbc.core.sip.MalformedMessage.Problem;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.sip.Transport;

/**
 * Turns one framed message into a {@link ReceivedMessage} or a {@link MalformedMessage}. It never
 * throws for bad input: a bad message is a result for the next step to answer, and the channel
 * (which over UDP every other peer shares) stays open.
 */
@Sharable
public final class SipMessageDecoder extends MessageToMessageDecoder<SipFrame> {

    private static final int MAX_LISTENER_SOCKETS = 256;

    private final HeaderBlockScanner scanner;
    private final int maxMessageBytes;
    private final Counters counters;
    /** Per transport and local socket, the listener's series: found once, not per message. */
    private final Map<Transport, Map<InetSocketAddress, LongAdder[]>> listeners = new EnumMap<>(Transport.class);

    public SipMessageDecoder(Limits limits, Counters counters) {
        super(SipFrame.class);
        this.scanner = new HeaderBlockScanner(limits);
        this.maxMessageBytes = limits.maxMessageBytes();
        this.counters = counters;
        for (Transport transport : Transport.values()) {
            listeners.put(transport, new ConcurrentHashMap<>());
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, SipFrame frame, List<Object> out) {
        Object decoded = decode(frame);
        boolean parsed = decoded instanceof ReceivedMessage;
        if (parsed) {
            counters.increment(Counter.MESSAGES_RECEIVED);
        }
        listenerSeries(frame.peer())[parsed ? 0 : 1].increment();
        out.add(decoded);
    }

    private LongAdder[] listenerSeries(Peer peer) {
        Map<InetSocketAddress, LongAdder[]> byLocal = listeners.get(peer.transport());
        LongAdder[] series = byLocal.get(peer.local());
        if (series == null) {
            // Bounded by the host's local sockets; the counter family itself bounds its series too.
            series = counters.listenerSeries(peer.transport().token().toLowerCase(Locale.ROOT),
                    ListenAddress.hostText(peer.local().getAddress()) + ":" + peer.local().getPort());
            if (byLocal.size() < MAX_LISTENER_SOCKETS) {
                byLocal.putIfAbsent(peer.local(), series);
            }
        }
        return series;
    }

    /** The decision, without Netty: also what the fuzz tests drive. */
    public Object decode(SipFrame frame) {
        byte[] bytes = frame.bytes();
        Peer peer = frame.peer();
        if (bytes.length > maxMessageBytes) {
            return malformed(Problem.TOO_LARGE, null, peer);
        }
        // Scanned already when a UDP frame's loop was picked (transport/ShardDispatch) or a TCP
        // message was cut (StreamFramer).
        HeaderBlockScan scan = frame.scan() != null ? frame.scan() : scanner.scan(bytes);
        int start = scan.start();
        if (scan.headerEnd() < 0) {
            return malformed(scan.problem(), null, peer);
        }
        SipParser.Result parsed = SipParser.parse(bytes, scan);
        SIPMessage message = parsed.message();
        if (!scan.ok()) {
            // A start line that does not parse at all is not a version problem.
            boolean garbage = message == null && scan.problem() == Problem.VERSION_NOT_SUPPORTED;
            return malformed(garbage ? Problem.UNPARSEABLE : scan.problem(), message, peer,
                    bytes, start, scan.headerEnd());
        }
        if (!parsed.wellFormed()) {
            // The scanner vouched for the line structure, so what JAIN-SIP refused is a header's value.
            return malformed(message == null ? Problem.UNPARSEABLE : Problem.MALFORMED_HEADER, message, peer,
                    bytes, start, scan.headerEnd());
        }
        if (message instanceof SIPRequest) {
            Problem strict = StrictSyntax.check(bytes, scan);
            if (strict != null) {
                return malformed(strict, message, peer);
            }
        }
        if (scan.hasContentLength() && message.getContentLength().getContentLength() != scan.contentLength()) {
            // Defence in depth: the framing and the parser must agree on the length.
            return malformed(Problem.BAD_CONTENT_LENGTH, message, peer);
        }
        int bodyLength = bytes.length - scan.headerEnd();
        if (!scan.hasContentLength() && peer.transport().isReliable()) {
            return malformed(Problem.MISSING_CONTENT_LENGTH, message, peer);
        }
        if (scan.hasContentLength() && scan.contentLength() != bodyLength) {
            // RFC 3261 §18.3 would have UDP receivers truncate; we refuse instead, because a
            // length that disagrees with the datagram is how one message hides another.
            return malformed(Problem.CONTENT_LENGTH_MISMATCH, message, peer);
        }
        if (bodyLength > 0) {
            message.setMessageContent(Arrays.copyOfRange(bytes, scan.headerEnd(), bytes.length));
        }
        if (message instanceof SIPRequest request) {
            stampReceived(request, peer);
        }
        return new ReceivedMessage(SipMessage.of(message), peer, frame.receivedNanos());
    }

    private static MalformedMessage malformed(Problem problem, SIPMessage message, Peer peer) {
        Optional<SIPRequest> answerable = answerable(message);
        answerable.ifPresent(request -> stampReceived(request, peer));
        return new MalformedMessage(problem, answerable.map(SipRequest::new), peer);
    }

    /**
     * As above, and when the parsed request cannot be answered (its Request-URI, From or To is
     * what is broken), an answer from the raw lines of the header block {@code bytes[start..headerEnd)}.
     */
    private static MalformedMessage malformed(Problem problem, SIPMessage message, Peer peer,
            byte[] bytes, int start, int headerEnd) {
        MalformedMessage malformed = malformed(problem, message, peer);
        if (malformed.answerable().isPresent() || message instanceof SIPResponse) {
            return malformed;
        }
        return new MalformedMessage(problem, Optional.empty(), RawAnswer.of(bytes, start, headerEnd), peer);
    }

    /** A response can be built only from a request line and the five headers it must echo. */
    private static Optional<SIPRequest> answerable(SIPMessage message) {
        if (message instanceof SIPRequest request
                && request.getRequestLine() != null
                && !Request.ACK.equals(request.getMethod())
                && request.getTopmostVia() != null
                && request.getFrom() != null
                && request.getTo() != null
                && request.getCallId() != null
                && request.getCSeq() != null) {
            return Optional.of(request);
        }
        return Optional.empty();
    }

    /**
     * RFC 3261 §18.2.1 and RFC 3581 §4: record where the request really came from, so that the
     * response goes back there and not to whatever the sender wrote in its Via.
     */
    private static void stampReceived(SIPRequest request, Peer peer) {
        Via via = request.getTopmostVia();
        if (via == null) {
            return;
        }
        String sourceIp = peer.remote().getAddress().getHostAddress();
        try {
            boolean rport = via.hasParameter(Via.RPORT);
            if (rport) {
                via.setParameter(Via.RPORT, Integer.toString(peer.remote().getPort()));
            }
            if (rport || !sourceIp.equals(via.getHost())) {
                via.setParameter(Via.RECEIVED, sourceIp);
            }
        } catch (ParseException e) {
            // Only reachable with values we produced ourselves from a socket address.
            throw new IllegalStateException("cannot stamp Via with " + peer, e);
        }
    }
}
