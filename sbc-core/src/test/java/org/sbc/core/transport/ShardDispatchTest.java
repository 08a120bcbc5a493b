package org.sbc.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.sbc.core.codec.HeaderBlockScan;
import org.sbc.core.codec.HeaderBlockScanner;
import org.sbc.core.config.Limits;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.sip.Transport;

class ShardDispatchTest {

    private static final Peer PEER = new Peer(Transport.UDP, new InetSocketAddress("192.0.2.1", 5060),
            new InetSocketAddress("192.0.2.10", 5060));

    private final AtomicReference<EventLoop> owner = new AtomicReference<>();
    private final ShardDispatch dispatch = new ShardDispatch(new HeaderBlockScanner(Limits.DEFAULT), (bytes, scan) -> owner.get());
    /** Two sockets of one listen entry, each on a loop of its own. */
    private final EmbeddedChannel first = new EmbeddedChannel(dispatch);
    private final EmbeddedChannel second = new EmbeddedChannel(dispatch);

    @Test
    void aFrameOfAnotherLoopsCallContinuesOnThatLoopsSocket() {
        owner.set(second.eventLoop());
        SipFrame frame = new SipFrame(new byte[] {'x'}, PEER);

        first.writeInbound(frame);

        assertNull(first.readInbound(), "not parsed where it arrived");
        assertNull(second.readInbound(), "not before the owning loop runs it");
        second.runPendingTasks();
        SipFrame crossed = second.readInbound();
        assertSame(frame.bytes(), crossed.bytes());
        assertSame(frame.peer(), crossed.peer());
        assertEquals(frame.receivedNanos(), crossed.receivedNanos(), "its handling time starts where it was cut");
        assertEquals(0, dispatch.inFlight());
    }

    /** The owner is asked with the scan of the bytes, and the decoder gets that scan with the frame. */
    @Test
    void theScanThatPickedTheLoopTravelsWithTheFrame() {
        byte[] bytes = "BYE sip:a@192.0.2.10 SIP/2.0\r\nCall-ID: abc\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        AtomicReference<HeaderBlockScan> asked = new AtomicReference<>();
        EmbeddedChannel channel = new EmbeddedChannel(new ShardDispatch(new HeaderBlockScanner(Limits.DEFAULT),
                (frame, scan) -> {
                    asked.set(scan);
                    return null;
                }));

        channel.writeInbound(new SipFrame(bytes, PEER));

        SipFrame passed = channel.readInbound();
        assertSame(asked.get(), passed.scan());
        assertEquals(2, passed.scan().lines());
        assertEquals(bytes.length, passed.scan().headerEnd());
    }

    @Test
    void aFrameOfThisLoopOrOfNoKnownLoopStays() {
        owner.set(first.eventLoop());
        first.writeInbound(new SipFrame(new byte[] {'a'}, PEER));
        owner.set(null);
        first.writeInbound(new SipFrame(new byte[] {'b'}, PEER));

        assertEquals('a', ((SipFrame) first.readInbound()).bytes()[0]);
        assertEquals('b', ((SipFrame) first.readInbound()).bytes()[0]);
        second.runPendingTasks();
        assertNull(second.readInbound());
    }

    @Test
    void pastItsBoundWhatComesNextStaysInsteadOfQueueing() {
        owner.set(second.eventLoop());
        for (int i = 0; i < ShardDispatch.MAX_IN_FLIGHT; i++) {
            first.writeInbound(new SipFrame(new byte[] {'q'}, PEER));
        }
        first.writeInbound(new SipFrame(new byte[] {'s'}, PEER));

        assertEquals('s', ((SipFrame) first.readInbound()).bytes()[0], "parsed where it arrived");
        assertEquals(ShardDispatch.MAX_IN_FLIGHT, dispatch.inFlight());
        second.runPendingTasks();
        assertEquals(0, dispatch.inFlight());
        int crossed = 0;
        while (second.readInbound() != null) {
            crossed++;
        }
        assertEquals(ShardDispatch.MAX_IN_FLIGHT, crossed);
    }
}
