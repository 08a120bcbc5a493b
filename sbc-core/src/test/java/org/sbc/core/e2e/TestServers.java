package org.sbc.core.e2e;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ListenAddress;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.Side;
import org.sbc.core.config.Transport;

/**
 * Starts the real server in-process on its own loopback address, so that test classes never
 * share a port with each other or with a developer's running SBC.
 */
final class TestServers {

    private TestServers() {}

    static SbcConfig config(String ip, int adminPort) throws UnknownHostException {
        InetAddress address = InetAddress.getByName(ip);
        return SbcConfig.defaults()
                .withSides(
                        new Side(List.of(
                                new ListenAddress(Transport.UDP, address, 5060),
                                new ListenAddress(Transport.TCP, address, 5060))),
                        new Side(List.of(new ListenAddress(Transport.UDP, address, 5070))))
                .withAdminListen(new InetSocketAddress(address, adminPort));
    }

    static SbcServer start(String ip, int adminPort) throws Exception {
        return SbcServer.start(config(ip, adminPort));
    }
}
