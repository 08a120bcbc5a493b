package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** An ACK written as bytes is, byte for byte, the ACK built as a message and encoded. */
class PlainAckTest {

    private static final List<String> URIS = List.of(
            "sip:bob@10.0.0.1:5070", "sip:bob@10.0.0.1:5070;transport=tcp", "sips:al.ice_(1)@EXAMPLE.com:5061",
            "sip:+4930123@gw.example;user=phone", "sip:abcdefghijklmnop@127.0.0.1;ob", "sip:[2001:db8::1]:5080",
            "sip:j%C3%BCrgen@example.com;maddr=10.0.0.1", "tel:+1-201-555-0123");

    private static final List<String> ADDRESSES = List.of(
            "<sip:alice@127.0.0.1:5060>", "sip:alice@example.com", "\"J\u00fcrgen M\u00fcller\" <sip:j@example.com>",
            "\"A \\\"q\\\" B\" <sip:a@b>", "Bob <sips:bob@b.example;transport=tls>", "<sip:[::1]:5060;lr>",
            "<tel:+4930123>");

    private static final List<List<String>> ROUTE_SETS = List.of(
            List.of(), List.of("<sip:10.0.0.9;lr>"),
            List.of("\"Edge\" <sip:p1.example.com;lr;transport=tcp>", "sip:p2.example.com;lr", "<sip:[2001:db8::9];lr>"));

    private static final List<ViaHop> VIAS = List.of(
            new ViaHop("UDP", "127.0.0.1", 5070, true, Optional.of("z9hG4bK-1")),
            new ViaHop("TCP", "10.0.0.1", -1, false, Optional.of("z9hG4bK.x_y~z")),
            new ViaHop("TLS", "sbc.example.com", 5061, true, Optional.of("z9hG4bKabc")));

    /**
     * Every combination, with each URI and address both parsed and compacted; made afresh for each
     * case, since building the message parses a compacted value and keeps the parse.
     */
    @Test
    void everyAckWrittenIsTheAckBuiltAndEncoded() {
        int compared = 0;
        for (String uri : URIS) {
            for (String from : ADDRESSES) {
                for (String to : ADDRESSES) {
                    for (List<String> routes : ROUTE_SETS) {
                        for (int compact = 0; compact < 16; compact++) {
                            ViaHop via = VIAS.get(compared % VIAS.size());
                            String transport = List.of("UDP", "TCP", "TLS").get(compared / 3 % 3);
                            String toTag = compared % 5 == 0 ? null : "to-" + compared;
                            long cseq = compared % 7 == 0 ? 2_147_483_647L : compared + 1L;
                            int bits = compact;
                            Supplier<Parts> parts = () -> new Parts(uri(uri, bits & 1), address(from, bits & 2),
                                    address(to, bits & 4), routes.stream().map(route -> address(route, bits & 8)).toList());
                            assertSame(parts, "call-" + compared + "@10.0.0.1", cseq, "from-1", toTag, via, transport);
                            compared++;
                        }
                    }
                }
            }
        }
        assertEquals(URIS.size() * ADDRESSES.size() * ADDRESSES.size() * ROUTE_SETS.size() * 16, compared);
    }

    @Test
    void anIpv6OrCapitalisedViaHostIsLeftToTheMessage() {
        SipUri uri = SipUri.parse("sip:bob@10.0.0.1");
        NameAddress address = NameAddress.parse("<sip:a@b>");
        for (String host : List.of("0:0:0:0:0:0:0:1", "[::1]", "SBC.example.com")) {
            assertNull(PlainAck.encode(uri, "c", 1, address, "t", address, "u",
                    new ViaHop("UDP", host, 5060, true, Optional.of("z9hG4bK1")), List.of(), "UDP"), host);
        }
        assertNull(PlainAck.encode(null, "c", 1, address, "t", address, "u",
                new ViaHop("UDP", "127.0.0.1", 5060, true, Optional.of("z9hG4bK1")), List.of(), "UDP"), "no target");
    }

    /** The request URI, From and To addresses and route set of one case. */
    private record Parts(SipUri uri, NameAddress from, NameAddress to, List<NameAddress> routes) {}

    private static void assertSame(Supplier<Parts> parts, String callId, long cseq, String fromTag, String toTag,
            ViaHop via, String transport) {
        Parts built = parts.get();
        SipRequest request = SipRequest.create("ACK", built.uri(), callId, cseq, built.from(), fromTag, built.to(), toTag,
                via, 70);
        if (!built.routes().isEmpty()) {
            request.setRoutes(built.routes());
        }
        String expected = new String(request.encode(transport), StandardCharsets.UTF_8);
        Parts fresh = parts.get();
        byte[] written = PlainAck.encode(fresh.uri(), callId, cseq, fresh.from(), fromTag, fresh.to(), toTag, via,
                fresh.routes(), transport);
        assertNotNull(written, expected);
        assertEquals(expected, new String(written, StandardCharsets.UTF_8));
    }

    private static SipUri uri(String text, int compact) {
        SipUri parsed = SipUri.parse(text);
        return compact == 0 ? parsed : parsed.compacted();
    }

    private static NameAddress address(String text, int compact) {
        NameAddress parsed = NameAddress.parse(text);
        return compact == 0 ? parsed : parsed.compacted();
    }
}
