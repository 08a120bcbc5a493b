package org.sbc.core.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.tls.TrunkCertificates;

/**
 * Behind the {@link TlsHandshakeGuard} on a listener that asks for client certificates: once the
 * handshake completed, marks the connection with the trunk its certificate identifies
 * ({@link TrunkCertificates#CERTIFIED_TRUNK}), which every message read from it then carries in
 * its {@code Peer}. A certificate that identifies no trunk, or none at all (a phone), marks
 * nothing: the connection is served as any other.
 */
@Sharable
public final class TrunkCertificateCheck extends ChannelInboundHandlerAdapter {

    private final TrunkCertificates trunks;
    private final Counters counters;

    public TrunkCertificateCheck(TrunkCertificates trunks, Counters counters) {
        this.trunks = trunks;
        this.counters = counters;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            List<X509Certificate> chain = tls == null ? List.of() : chain(tls);
            if (!chain.isEmpty()) {
                trunks.trunkOf(chain).ifPresentOrElse(trunk -> {
                    ctx.channel().attr(TrunkCertificates.CERTIFIED_TRUNK).set(trunk);
                    counters.increment(Counter.TLS_TRUNKS_IDENTIFIED);
                }, () -> counters.increment(Counter.TLS_CLIENT_CERTIFICATES_UNKNOWN));
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    private static List<X509Certificate> chain(SslHandler tls) {
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : tls.engine().getSession().getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException none) {
            return List.of(); // the client sent no certificate
        }
    }
}
