package org.sbc.core.edge.options;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import org.sbc.core.codec.SipUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.Side;
import org.sbc.core.config.SipConfig;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.Transport;
import org.sbc.core.testing.TestPeers;

class SelfAddressesTest {

    /** Outside on 192.0.2.10:5060 and [2001:db8::10]:5061, inside on 10.0.0.2:5070. */
    private static final SbcConfig CONFIG = config(List.of("sbc.example.com", "Edge.Example.NET"));

    private static final Peer PEER = new Peer(Transport.UDP,
            TestPeers.address("203.0.113.7", 40000), TestPeers.address("192.0.2.10", 5060));

    private final SelfAddresses self = new SelfAddresses(CONFIG);

    private static SbcConfig config(List<String> aliases) {
        SbcConfig d = SbcConfig.defaults();
        return d.withSides(
                new Side(List.of(
                        new ListenAddress(Transport.UDP, TestPeers.ip("192.0.2.10"), 5060),
                        new ListenAddress(Transport.TCP, TestPeers.ip("2001:db8::10"), 5061))),
                new Side(List.of(new ListenAddress(Transport.UDP, TestPeers.ip("10.0.0.2"), 5070))))
                .withSip(new SipConfig(Optional.empty(), aliases));
    }

    private static SipUri uri(String text) {
        return SipUri.parse(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sip:192.0.2.10", "sip:192.0.2.10:5060", "sip:10.0.0.2:5070", "sips:192.0.2.10",
        "sip:[2001:db8::10]:5061", "sip:[2001:db8:0:0:0:0:0:10]", "sip:192.0.2.10;transport=tcp",
        "sip:10.0.0.2"})
    void recognisesListenAddressOnAnyListenPort(String text) throws ParseException {
        assertTrue(self.isSelf(uri(text), PEER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sip:sbc.example.com", "sip:SBC.EXAMPLE.COM:5060", "sip:edge.example.net"})
    void recognisesConfiguredAliasInAnyCase(String text) throws ParseException {
        assertTrue(self.isSelf(uri(text), PEER));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sip:alice@192.0.2.10", "sip:192.0.2.10:5999", "sip:192.0.2.11", "sip:[2001:db8::11]",
        "sip:other.example.com", "sip:example.com", "sip:localhost", "sip:192.0.2.1"})
    void refusesUserPartForeignPortOrForeignHost(String text) throws ParseException {
        assertFalse(self.isSelf(uri(text), PEER));
    }

    @Test
    void refusesNonSipUri() throws ParseException {
        assertFalse(self.isSelf(uri("tel:+15551234567"), PEER));
    }

    @Test
    void recognisesLocalAddressTheRequestArrivedOn() throws ParseException {
        Peer viaWildcard = new Peer(Transport.UDP,
                TestPeers.address("203.0.113.7", 40000), new InetSocketAddress(TestPeers.ip("172.16.0.9"), 5060));

        assertTrue(self.isSelf(uri("sip:172.16.0.9"), viaWildcard));
        assertFalse(self.isSelf(uri("sip:172.16.0.9"), PEER));
    }
}
