package org.sbc.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.testing.FakeAddressChannel;

class TlsHandshakeGuardTest {

    private final Counters counters = new Counters();
    private final List<Object> after = new ArrayList<>();
    private final EmbeddedChannel channel = new FakeAddressChannel(
            new InetSocketAddress("192.0.2.7", 40000), new InetSocketAddress("192.0.2.1", 5061),
            new TlsHandshakeGuard(counters), new ChannelInboundHandlerAdapter() {
                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                    after.add(event);
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    after.add(cause);
                }
            });

    @Test
    void countsCompletedHandshakeAndKeepsConnection() {
        channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);

        assertTrue(channel.isOpen());
        assertEquals(1, counters.get(Counter.TLS_HANDSHAKES_COMPLETED));
        assertEquals(List.of(SslHandshakeCompletionEvent.SUCCESS), after);
    }

    @Test
    void closesAndCountsHandshakeCutAtTheDeadline() {
        channel.pipeline().fireUserEventTriggered(
                new SslHandshakeCompletionEvent(new SslHandshakeTimeoutException("handshake timed out after 1000ms")));

        assertFalse(channel.isOpen());
        assertEquals(1, counters.get(Counter.TLS_HANDSHAKES_TIMED_OUT));
        assertEquals(0, counters.get(Counter.TLS_HANDSHAKES_FAILED));
    }

    @Test
    void closesAndCountsFailedHandshake() {
        channel.pipeline().fireUserEventTriggered(
                new SslHandshakeCompletionEvent(new SSLHandshakeException("no cipher suites in common")));

        assertFalse(channel.isOpen());
        assertEquals(1, counters.get(Counter.TLS_HANDSHAKES_FAILED));
    }

    @Test
    void stopsTlsErrorsButPassesOthersOn() {
        channel.pipeline().fireExceptionCaught(new DecoderException(new NotSslRecordException("not an SSL/TLS record")));
        assertFalse(channel.isOpen());
        assertTrue(after.isEmpty(), "a TLS failure is input, not a bug for ExceptionGuard: " + after);

        EmbeddedChannel other = new EmbeddedChannel(new TlsHandshakeGuard(counters), new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                after.add(cause);
            }
        });
        IllegalStateException bug = new IllegalStateException("ours");
        other.pipeline().fireExceptionCaught(bug);
        assertEquals(List.of(bug), after);
    }
}
