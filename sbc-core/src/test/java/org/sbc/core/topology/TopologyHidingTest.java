package org.sbc.core.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.Side;
import org.sbc.core.config.TopologyConfig;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Transport;
import org.sbc.topology.scrub.InsideNames;

class TopologyHidingTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private static ListenAddress udp(String ip, int port) {
        return new ListenAddress(Transport.UDP, ip(ip), port);
    }

    private static TopologyConfig topology(List<String> insideNames, Optional<String> outsideHost) {
        TopologyConfig d = TopologyConfig.DEFAULT;
        return new TopologyConfig(d.mode(), outsideHost, insideNames, d.outsideHeaders(), d.sdp(), d.maskKey(),
                d.maskPreviousKey(), d.store(), d.redisUri(), d.maxEntries());
    }

    private static SbcConfig config(List<ListenAddress> outside, List<ListenAddress> inside, PbxTarget pbx,
            TopologyConfig topology) {
        return SbcConfig.defaults().withSides(new Side(outside), new Side(inside)).withPbx(pbx).withTopology(topology);
    }

    @Test
    void includesThePbxItsAddressTheInsideListenersAndTheConfiguredNames() {
        SbcConfig config = config(
                List.of(udp("198.51.100.10", 5060)),
                List.of(udp("10.0.0.10", 5070), new ListenAddress(Transport.TCP, ip("10.0.0.11"), 5070)),
                new PbxTarget("sip:PBX.Corp.Example:5080", "PBX.Corp.Example", 5080, Transport.UDP),
                topology(List.of("corp.example", "172.16.0.9"), Optional.empty()));

        Set<String> names = TopologyHiding.insideNames(config, ip("10.0.0.5"));

        assertEquals(Set.of("corp.example", "172.16.0.9", "pbx.corp.example", "10.0.0.5", "10.0.0.10", "10.0.0.11"),
                names);
    }

    @Test
    void excludesTheOutsideListenAddressesOnAOneAddressBox() {
        SbcConfig config = config(
                List.of(udp("127.0.0.1", 5060), new ListenAddress(Transport.TCP, ip("127.0.0.1"), 5060)),
                List.of(udp("127.0.0.1", 5070)),
                new PbxTarget("sip:127.0.0.1:5080", "127.0.0.1", 5080, Transport.UDP),
                TopologyConfig.DEFAULT);

        Set<String> names = TopologyHiding.insideNames(config, ip("127.0.0.1"));

        assertFalse(names.contains("127.0.0.1"), names.toString());
        assertFalse(new InsideNames(names).isInside("127.0.0.1:5060"), names.toString());
    }

    @Test
    void keepsThePbxWhenOnlyTheInsideSharesTheOutsideAddress() {
        SbcConfig config = config(
                List.of(udp("127.0.0.1", 5060)),
                List.of(udp("127.0.0.1", 5070)),
                new PbxTarget("sip:pbx.corp.example", "pbx.corp.example", 5060, Transport.UDP),
                TopologyConfig.DEFAULT);

        Set<String> names = TopologyHiding.insideNames(config, ip("10.0.0.5"));

        assertEquals(Set.of("pbx.corp.example", "10.0.0.5"), names);
    }

    @Test
    void leavesOutInsideListenersOnTheWildcardAddress() {
        SbcConfig config = config(
                List.of(udp("198.51.100.10", 5060)),
                List.of(udp("0.0.0.0", 5070)),
                new PbxTarget("sip:10.0.0.5", "10.0.0.5", 5060, Transport.UDP),
                TopologyConfig.DEFAULT);

        Set<String> names = TopologyHiding.insideNames(config, ip("10.0.0.5"));

        assertEquals(Set.of("10.0.0.5"), names);
    }

    @Test
    void excludesTheOutsideHost() {
        SbcConfig config = config(
                List.of(udp("198.51.100.10", 5060)),
                List.of(udp("10.0.0.10", 5070)),
                new PbxTarget("sip:10.0.0.5", "10.0.0.5", 5060, Transport.UDP),
                topology(List.of("sbc.example.com", "corp.example"), Optional.of("sbc.example.com")));

        Set<String> names = TopologyHiding.insideNames(config, ip("10.0.0.5"));

        assertFalse(names.contains("sbc.example.com"), names.toString());
        assertTrue(names.contains("corp.example"), names.toString());
    }
}
