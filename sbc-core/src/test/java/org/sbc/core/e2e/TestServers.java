package org.sbc.core.e2e;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.config.ListenAddress;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.Side;
import org.sbc.core.config.Transport;
import org.sbc.core.edge.ban.Bans;
import org.sbc.core.events.SecurityEventSink;

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

    /** The YAML of {@link #config} (SIP on {@code ip}:5060 udp+tcp and :5070 udp, admin on {@code adminPort}). */
    static String listenYaml(String ip, int adminPort) {
        return "outside:\n  listen: [udp:" + ip + ":5060, tcp:" + ip + ":5060]\n"
                + "inside:\n  listen: [udp:" + ip + ":5070]\n"
                + "admin:\n  listen: " + ip + ":" + adminPort + "\n";
    }

    /** Starts from a config file, as {@code ./sbc run --config FILE} does, with {@code bans} as the ban table. */
    static SbcServer start(Path configFile, Bans bans) throws Exception {
        return SbcServer.start(ConfigLoader.load(configFile), Optional.of(configFile), bans, SecurityEventSink.NONE);
    }
}
