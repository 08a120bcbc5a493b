package org.sbc.core.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLException;
import org.sbc.core.log.SourceRateLimitedLog;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/**
 * Sits right behind the {@code SslHandler}: counts each handshake's outcome and closes the
 * connection when it failed. A failed handshake is bad input (a scanner speaking plain SIP to the
 * TLS port, a TLS 1.1 client, a peer that stalls), not a bug, so its exception stops here instead
 * of reaching {@link ExceptionGuard}. The SslHandler itself enforces the deadline; the connection
 * was counted per source by {@link TcpConnectionLimiter} when it opened, so a handshake flood
 * meets the same caps as a connection flood.
 */
@Sharable
public final class TlsHandshakeGuard extends ChannelInboundHandlerAdapter {

    private static final SourceRateLimitedLog LOG =
            SourceRateLimitedLog.perMinute(System.getLogger(TlsHandshakeGuard.class.getName()));

    private final Counters counters;

    public TlsHandshakeGuard(Counters counters) {
        this.counters = counters;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                counters.increment(Counter.TLS_HANDSHAKES_COMPLETED);
            } else {
                boolean timedOut = done.cause() instanceof SslHandshakeTimeoutException;
                counters.increment(timedOut ? Counter.TLS_HANDSHAKES_TIMED_OUT : Counter.TLS_HANDSHAKES_FAILED);
                InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
                if (remote != null) {
                    // The cause's text is the TLS library's, never the peer's bytes.
                    LOG.log(Level.INFO, remote.getAddress(), () -> "TLS handshake with " + remote
                            + (timedOut ? " timed out" : " failed: " + done.cause().getMessage()));
                }
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isTls(cause)) {
            ctx.close(); // counted once, by the completion event the SslHandler also fires
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private static boolean isTls(Throwable cause) {
        Throwable inner = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        return inner instanceof SSLException || inner instanceof NotSslRecordException;
    }
}
