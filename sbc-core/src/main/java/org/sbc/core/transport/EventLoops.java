package org.sbc.core.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The I/O threads and channel classes: native epoll on Linux x86_64, NIO anywhere else. Epoll
 * also brings SO_REUSEPORT, which lets each thread own a UDP socket on the same port.
 */
public record EventLoops(
        EventLoopGroup group,
        int threads,
        boolean nativeEpoll,
        Class<? extends DatagramChannel> datagramChannel,
        Class<? extends ServerSocketChannel> serverChannel,
        Class<? extends SocketChannel> socketChannel) {

    public static EventLoops create(int threads) {
        boolean epoll = Epoll.isAvailable() && !Boolean.getBoolean("sbc.nio");
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new EventLoops(
                new MultiThreadIoEventLoopGroup(threads, factory),
                threads,
                epoll,
                epoll ? EpollDatagramChannel.class : NioDatagramChannel.class,
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class,
                epoll ? EpollSocketChannel.class : NioSocketChannel.class);
    }

    public String describe() {
        return (nativeEpoll ? "epoll" : "nio") + " x" + threads;
    }
}
