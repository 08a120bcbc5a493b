package org.sbc.core.e2e;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.SecurityConfig;
import org.sbc.core.config.Side;
import org.sbc.core.edge.ban.Bans;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Transport;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpPrefix;

/**
 * Starts the real server in-process on its own loopback address, so that test classes never
 * share a port with each other or with a developer's running SBC.
 */
final class TestServers {

    private TestServers() {}

    /** Each server keeps its bans in a fresh temporary file, never in the checkout's var/. */
    static SbcConfig withTemporaryBanState(SbcConfig config) throws IOException {
        SecurityConfig security = config.security().withBan(config.security().ban().withStateFile(
                Optional.of(Files.createTempDirectory("sbc-bans").resolve("bans.json"))));
        return config.withSecurity(security);
    }

    static SbcConfig config(String ip, int adminPort) throws IOException {
        InetAddress address = InetAddress.getByName(ip);
        return withTemporaryBanState(SbcConfig.defaults())
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

    /**
     * Writes {@code lines} to {@code dir}/sbc.yaml and starts from it, as {@code ./sbc run} does:
     * for configs that name files relative to themselves (certificates).
     */
    static SbcServer startFromYaml(Path dir, String... lines) throws Exception {
        Path file = dir.resolve("sbc.yaml");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return SbcServer.start(withTemporaryBanState(ConfigLoader.load(file)));
    }

    /** Starts from a config file, as {@code ./sbc run --config FILE} does, with {@code bans} as the ban table. */
    static SbcServer start(Path configFile, Bans bans) throws Exception {
        return SbcServer.start(withTemporaryBanState(ConfigLoader.load(configFile)), Optional.of(configFile), bans,
                SecurityEventSink.NONE);
    }

    /**
     * A server that trusts {@code peers}: for tests whose peer is a load generator standing in
     * for a trunk, which would otherwise (rightly) trip the flood guard and rate limiter.
     */
    static SbcServer startTrusting(String ip, int adminPort, String... peers) throws Exception {
        SbcConfig config = config(ip, adminPort);
        List<IpPrefix> trusted = new java.util.ArrayList<>();
        for (String peer : peers) {
            trusted.add(IpPrefix.parse(peer).orElseThrow());
        }
        return SbcServer.start(config.withSecurity(config.security().withTrusted(CidrSet.of(trusted))));
    }
}
