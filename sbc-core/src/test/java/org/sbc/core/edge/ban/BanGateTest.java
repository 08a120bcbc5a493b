package org.sbc.core.edge.ban;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sbc.core.edge.ban.BanTableTest.prefix;
import static org.sbc.core.testing.TestPeers.address;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sbc.policies.Mode;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.testing.FakeAddressChannel;
import org.sbc.core.testing.ManualClock;
import org.sbc.core.testing.TestPeers;
import org.sbc.feeds.CidrSet;

class BanGateTest {

    private final ManualClock clock = ManualClock.atTestStart();
    private final Counters counters = new Counters();
    private final ConnectionRegistry connections = new ConnectionRegistry(counters);

    private BanTable table(BanConfig config, Exemptions exemptions) {
        BanTable table = new BanTable(config, exemptions, SecurityEventSink.NONE, counters, clock);
        table.whenEnforced(connections::closeAll);
        return table;
    }

    private void ban(BanTable table, String target) {
        table.ban(prefix(target), BanReason.FLOOD,
                new Evidence("test", "rule", Map.of(), clock.instant(), clock.instant()));
    }

    private static DatagramPacket datagram(String from) {
        return new DatagramPacket(Unpooled.copiedBuffer("OPTIONS sip:x SIP/2.0\r\n\r\n", StandardCharsets.US_ASCII),
                TestPeers.SBC, address(from, 5060));
    }

    @Test
    void dropsAndReleasesADatagramFromABannedSourceWithoutAnswer() {
        BanTable table = table(BanConfig.DEFAULT, Exemptions.NONE);
        ban(table, "203.0.113.0/24");
        EmbeddedChannel channel = new EmbeddedChannel(new BanGate(table, connections, counters));
        DatagramPacket packet = datagram("203.0.113.7");
        assertFalse(channel.writeInbound(packet));
        assertEquals(0, packet.refCnt());
        assertNull(channel.readOutbound());
        assertEquals(1, counters.get(Counter.BAN_DATAGRAMS_DROPPED));
        assertEquals(1, table.get(prefix("203.0.113.0/24")).orElseThrow().hits());
    }

    @Test
    void passesOtherSourcesUntouched() {
        BanTable table = table(BanConfig.DEFAULT, Exemptions.NONE);
        ban(table, "203.0.113.7");
        EmbeddedChannel channel = new EmbeddedChannel(new BanGate(table, connections, counters));
        DatagramPacket packet = datagram("203.0.113.8");
        assertTrue(channel.writeInbound(packet));
        assertSame(packet, channel.readInbound());
        packet.release();
    }

    @Test
    void passesATrustedAddressInsideABannedNetwork() {
        BanTable table = table(BanConfig.DEFAULT,
                new Exemptions(CidrSet.of(List.of(prefix("203.0.113.7"))), CidrSet.empty()));
        ban(table, "203.0.113.0/24");
        EmbeddedChannel channel = new EmbeddedChannel(new BanGate(table, connections, counters));
        assertTrue(channel.writeInbound(datagram("203.0.113.7")));
        ((DatagramPacket) channel.readInbound()).release();
    }

    @Test
    void monitorModeCountsAndPasses() {
        BanTable table = table(BanConfig.DEFAULT.withMode(Mode.MONITOR), Exemptions.NONE);
        ban(table, "203.0.113.7");
        EmbeddedChannel channel = new EmbeddedChannel(new BanGate(table, connections, counters));
        assertTrue(channel.writeInbound(datagram("203.0.113.7")));
        ((DatagramPacket) channel.readInbound()).release();
        assertEquals(1, counters.get(Counter.BAN_MONITORED));
        assertEquals(0, counters.get(Counter.BAN_DATAGRAMS_DROPPED));
    }

    @Test
    void closesAConnectionFromABannedSourceOnAccept() {
        BanTable table = table(BanConfig.DEFAULT, Exemptions.NONE);
        ban(table, "203.0.113.7");
        FakeAddressChannel channel = new FakeAddressChannel(address("203.0.113.7", 40000), TestPeers.SBC,
                new BanGate(table, connections, counters));
        assertFalse(channel.isOpen());
        assertEquals(1, counters.get(Counter.BAN_CONNECTIONS_REFUSED));
    }

    @Test
    void closesOpenConnectionsWhenTheirSourceIsBanned() {
        BanTable table = table(BanConfig.DEFAULT, Exemptions.NONE);
        FakeAddressChannel first = new FakeAddressChannel(address("203.0.113.7", 40000), TestPeers.SBC,
                new BanGate(table, connections, counters));
        FakeAddressChannel other = new FakeAddressChannel(address("203.0.114.7", 40000), TestPeers.SBC,
                new BanGate(table, connections, counters));
        assertTrue(first.isOpen());
        assertEquals(1, connections.openFrom(TestPeers.ip("203.0.113.7")));
        ban(table, "203.0.113.0/24");
        first.runPendingTasks();
        assertFalse(first.isOpen());
        assertTrue(other.isOpen());
        assertEquals(1, counters.get(Counter.BAN_CONNECTIONS_CLOSED));
        assertEquals(0, connections.openFrom(TestPeers.ip("203.0.113.7")));
    }
}
