package org.sbc.core.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DatagramFlushTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Channel sender() throws InterruptedException {
        return new Bootstrap().group(group.next()).channel(NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {}
                }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
    }

    private InetSocketAddress receiver() throws InterruptedException {
        Channel channel = new Bootstrap().group(group.next()).channel(NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        received.add(packet.content().toString(StandardCharsets.UTF_8));
                    }
                }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        return (InetSocketAddress) channel.localAddress();
    }

    private static DatagramPacket packet(String text, InetSocketAddress to) {
        return new DatagramPacket(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), to);
    }

    @Test
    void whatOneLoopTurnWritesLeavesAtItsEndInOrder() throws Exception {
        Channel channel = sender();
        InetSocketAddress to = receiver();
        List<ChannelFuture> writes = channel.eventLoop().submit(() -> {
            List<ChannelFuture> futures = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                futures.add(DatagramFlush.write(channel, packet("m" + i, to)));
            }
            // Nothing has left yet: the flush waits for the end of this turn.
            assertFalse(futures.get(0).isDone(), "sent before the turn ended");
            return futures;
        }).get(10, TimeUnit.SECONDS);
        for (ChannelFuture write : writes) {
            assertTrue(write.await(10, TimeUnit.SECONDS) && write.isSuccess(), "written");
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            got.add(received.poll(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), got);
    }

    @Test
    void aWriteFromAnotherThreadLeavesAtOnce() throws Exception {
        Channel channel = sender();
        InetSocketAddress to = receiver();
        ChannelFuture write = DatagramFlush.write(channel, packet("now", to));
        assertTrue(write.await(10, TimeUnit.SECONDS) && write.isSuccess());
        assertEquals("now", received.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void anEmbeddedChannelIsFlushedAtOnce() {
        EmbeddedChannel channel = new EmbeddedChannel();
        DatagramFlush.write(channel, "message");
        assertEquals("message", channel.readOutbound());
        channel.finishAndReleaseAll();
    }

    @Test
    void laterTurnsFlushAgain() throws Exception {
        Channel channel = sender();
        InetSocketAddress to = receiver();
        for (int turn = 0; turn < 3; turn++) {
            String text = "turn" + turn;
            channel.eventLoop().submit(() -> DatagramFlush.write(channel, packet(text, to))).get(10, TimeUnit.SECONDS);
            assertEquals(text, received.poll(10, TimeUnit.SECONDS));
        }
    }
}
