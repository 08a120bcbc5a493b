package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;

class SideSocketsTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Channel boundOn(EventLoop loop) throws InterruptedException {
        return new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
    }

    @Test
    void sendsFromTheSocketOfTheCallingEventLoopAndFromTheFirstElsewhere() throws Exception {
        EventLoop first = group.next();
        EventLoop second = group.next();
        assertTrue(first != second, "two loops");
        Channel a = boundOn(first);
        Channel b = boundOn(second);
        SideSockets sockets = new SideSockets();
        sockets.register(SipSide.OUTSIDE, new ListenAddress(Transport.UDP, InetAddress.getLoopbackAddress(), 5060),
                List.of(a, b));

        assertEquals(b, second.submit(() -> sockets.udpChannel(SipSide.OUTSIDE).orElseThrow()).get());
        assertEquals(a, first.submit(() -> sockets.udpChannel(SipSide.OUTSIDE).orElseThrow()).get());
        assertEquals(Optional.of(a), sockets.udpChannel(SipSide.OUTSIDE), "a thread of no loop gets the first");
        assertEquals(Optional.empty(), sockets.udpChannel(SipSide.INSIDE));
    }

    @Test
    void speaksOnlyFromTheFirstUdpListenEntryOfASide() throws Exception {
        Channel a = boundOn(group.next());
        Channel other = boundOn(group.next());
        SideSockets sockets = new SideSockets();
        sockets.register(SipSide.INSIDE, new ListenAddress(Transport.UDP, InetAddress.getLoopbackAddress(), 5070),
                List.of(a));
        sockets.register(SipSide.INSIDE, new ListenAddress(Transport.UDP, InetAddress.getLoopbackAddress(), 5071),
                List.of(other));

        assertEquals(Optional.of(a), sockets.udpChannel(SipSide.INSIDE));
        assertEquals(5070, sockets.local(SipSide.INSIDE, Transport.UDP).port());
    }
}
