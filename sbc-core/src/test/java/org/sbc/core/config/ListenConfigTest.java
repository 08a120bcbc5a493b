package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sbc.core.config.ConfigTesting.FILE;
import static org.sbc.core.config.ConfigTesting.errorsOf;
import static org.sbc.core.config.ConfigTesting.yaml;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Transport;

/** Listen entries, the admin address and the PBX URI: the parts that name sockets and hosts. */
class ListenConfigTest {

    @Test
    void acceptsIpv6ListenEntries() throws Exception {
        SbcConfig config = ConfigLoader.parse(yaml(
                "outside:",
                "  listen:",
                "    - udp:[::1]:5060",
                "    - tcp:[2001:DB8::1]:5061",
                "    - 'udp:[::ffff:192.0.2.1]:5062'     # in a [flow, list] it would need the quotes",
                "admin:",
                "  listen: \"[::1]:8080\""), FILE);

        assertEquals(List.of(
                new ListenAddress(Transport.UDP, InetAddress.getByName("::1"), 5060),
                new ListenAddress(Transport.TCP, InetAddress.getByName("2001:db8::1"), 5061),
                new ListenAddress(Transport.UDP, InetAddress.getByName("192.0.2.1"), 5062)),
                config.outside().listen());
        assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 8080), config.adminListen());
    }

    @Test
    void readsTransportCaseInsensitively() throws Exception {
        assertEquals(List.of(new ListenAddress(Transport.TCP, InetAddress.getByName("192.0.2.1"), 5060)),
                ConfigLoader.parse(yaml("outside:", "  listen: [TcP:192.0.2.1:5060]"), FILE).outside().listen());
    }

    @Test
    void refusesHostNameAsListenAddress() {
        assertEquals(List.of("test.yaml:2:12: outside.listen[0]: bad address 'localhost' "
                        + "(expected: an IPv4 or [IPv6] literal)"),
                errorsOf(yaml("outside:", "  listen: [udp:localhost:5060]")));
    }

    @Test
    void refusesMalformedListenEntriesEachAtItsOwnPosition() {
        assertEquals(List.of(
                        "test.yaml:3:7: outside.listen[0]: transport ws is not supported yet (expected: udp, tcp, tls)",
                        "test.yaml:4:7: outside.listen[1]: unknown transport 'sctpp' (expected: udp, tcp, tls)",
                        "test.yaml:5:7: outside.listen[2]: bad address '::1' (expected: an IPv4 or [IPv6] literal; "
                                + "IPv6 goes in brackets, e.g. [::1])",
                        "test.yaml:6:7: outside.listen[3]: missing port after '192.0.2.1' "
                                + "(expected: proto:address:port, e.g. udp:127.0.0.1:5060)",
                        "test.yaml:7:7: outside.listen[4]: bad address '010.0.0.1' (expected: an IPv4 or [IPv6] literal)",
                        "test.yaml:8:7: outside.listen[5]: bad port 'sip' (expected: 1..65535)",
                        "test.yaml:9:7: outside.listen[6]: expected a string like proto:address:port, "
                                + "e.g. udp:127.0.0.1:5060, got a mapping",
                        "test.yaml:10:7: outside.listen[7]: bad address '[fe80::1%eth0]' "
                                + "(expected: an IPv4 or [IPv6] literal)"),
                errorsOf(yaml(
                        "outside:",
                        "  listen:",
                        "    - ws:192.0.2.1:5061",
                        "    - sctpp:192.0.2.1:5060",
                        "    - udp:::1:5060",
                        "    - udp:192.0.2.1",
                        "    - udp:010.0.0.1:5060",
                        "    - udp:192.0.2.1:sip",
                        "    - udp: 192.0.2.1:5060",
                        "    - udp:[fe80::1%eth0]:5060")));
    }

    @Test
    void rejectsEmptyOutsideListenButAllowsEmptyInside() throws Exception {
        assertEquals(List.of("test.yaml:2:11: outside.listen: empty list "
                        + "(expected: at least one entry like udp:127.0.0.1:5060)"),
                errorsOf(yaml("outside:", "  listen: []")));
        assertEquals(List.of(), ConfigLoader.parse(yaml("inside:", "  listen: []"), FILE).inside().listen());
    }

    @Test
    void capsTheNumberOfListenEntries() {
        String entries = String.join(", ", java.util.stream.IntStream.rangeClosed(1, 65)
                .mapToObj(port -> "udp:192.0.2.1:" + port).toList());
        assertEquals(List.of("test.yaml:2:11: outside.listen: 65 entries (expected: at most 64)"),
                errorsOf(yaml("outside:", "  listen: [" + entries + "]")));
    }

    @Test
    void readsPbxUriWithDefaultPortAndTransport() throws Exception {
        assertEquals(new PbxTarget("sip:pbx.example.net", "pbx.example.net", 5060, Transport.UDP),
                ConfigLoader.parse(yaml("inside:", "  pbx: sip:pbx.example.net"), FILE).pbx());
        assertEquals(new PbxTarget("sip:[2001:db8::5]:5090;transport=TCP", "2001:db8::5", 5090, Transport.TCP),
                ConfigLoader.parse(yaml("inside:", "  pbx: sip:[2001:db8::5]:5090;transport=TCP"), FILE).pbx());
    }

    @Test
    void rejectsMalformedPbxUris() {
        assertEquals(List.of("test.yaml:2:8: inside.pbx: bad PBX URI 'sip:100@pbx.example.net' "
                        + "(expected: sip:HOST[:PORT][;transport=udp|tcp|tls] or sips:HOST[:PORT])"),
                errorsOf(yaml("inside:", "  pbx: sip:100@pbx.example.net")));
        assertEquals(List.of("test.yaml:2:8: inside.pbx: unknown URI parameter 'lr' (expected: transport=udp|tcp|tls)"),
                errorsOf(yaml("inside:", "  pbx: sip:pbx.example.net;lr")));
        assertEquals(List.of("test.yaml:2:8: inside.pbx: bad host 'pbx_1.example.net' "
                        + "(expected: a DNS name, an IPv4 literal or an [IPv6] literal)"),
                errorsOf(yaml("inside:", "  pbx: sip:pbx_1.example.net:5080")));
        assertEquals(List.of("test.yaml:2:8: inside.pbx: port 0 out of range (expected: 1..65535)"),
                errorsOf(yaml("inside:", "  pbx: sip:192.0.2.5:0")));
    }

    @Test
    void rejectsHostNameAsAdminAddress() {
        assertEquals(List.of("test.yaml:2:11: admin.listen: bad address 'localhost' "
                        + "(expected: an IPv4 or [IPv6] literal)"),
                errorsOf(yaml("admin:", "  listen: localhost:8080")));
    }

    @Test
    void readsWhatRequestUriTheInsideSees() throws Exception {
        assertEquals(B2buaConfig.RequestUriMode.KEEP, SbcConfig.defaults().b2bua().requestUri());
        assertEquals(B2buaConfig.RequestUriMode.PBX,
                ConfigLoader.parse(yaml("inside:", "  request_uri: pbx"), FILE).b2bua().requestUri());
        assertEquals(List.of("test.yaml:2:16: inside.request_uri: 'rewrite' (expected: keep or pbx)"),
                errorsOf(yaml("inside:", "  request_uri: rewrite")));
    }
}
