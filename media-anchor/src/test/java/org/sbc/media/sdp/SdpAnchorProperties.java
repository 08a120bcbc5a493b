package org.sbc.media.sdp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.sbc.media.sdp.SdpAnchor.LocalPorts;

/** Whatever a peer writes in its SDP, the rewritten one names only the SBC, and parsing never throws. */
class SdpAnchorProperties {

    @Property(tries = 300)
    void parsingArbitraryTextNeverThrows(@ForAll("sdpLike") String text) {
        Sdp.parse(text).ifPresent(SdpAnchor::peers);
    }

    @Property(tries = 300)
    void theRewrittenDescriptionNamesNoPeerAddressAndParsesAgain(@ForAll("peerSdp") String text)
            throws UnknownHostException {
        Sdp sdp = Sdp.parse(text).orElseThrow();
        List<Optional<LocalPorts>> ports = new ArrayList<>();
        for (int i = 0; i < sdp.media().size(); i++) {
            ports.add(Optional.of(new LocalPorts(30_000 + 2 * i, 30_001 + 2 * i)));
        }
        String out = SdpAnchor.rewrite(sdp, InetAddress.getByName("203.0.113.10"), ports, SdpOrigin.of(new Random(1)));

        assertFalse(out.contains("10.9."), out);
        assertFalse(out.contains("secret-pbx"), out);
        assertTrue(Sdp.parse(out).isPresent(), out);
    }

    @Provide
    Arbitrary<String> sdpLike() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.of("v=0", "s=-", "t=0 0", "c=IN IP4 10.9.0.1", "c=IN IP6 ::1", "c=IN IP4", "c=",
                        "m=audio 4000 RTP/AVP 0", "m=audio 99999 RTP/AVP 0", "m=audio x", "m=", "a=rtcp:",
                        "a=rtcp:70000", "a=rtcp:4001 IN IP4 10.9.0.2", "a=rtcp-mux", "o=- 1 1 IN IP4 10.9.0.1"),
                Arbitraries.strings().ofMaxLength(20));
        return line.list().ofMaxSize(30).map(lines -> "v=0\r\n" + String.join("\r\n", lines));
    }

    @Provide
    Arbitrary<String> peerSdp() {
        Arbitrary<String> address = Arbitraries.integers().between(0, 255).map(n -> "10.9." + n + ".7");
        Arbitrary<String> media = Combinators.combine(Arbitraries.of("audio", "video"),
                Arbitraries.integers().between(0, 65535), address, Arbitraries.of("", "a=rtcp-mux\r\n", "a=tool:secret-pbx 1\r\n"))
                .as((kind, port, ip, extra) -> "m=" + kind + " " + port + " RTP/AVP 0\r\nc=IN IP4 " + ip + "\r\n"
                        + "a=rtcp:" + (port == 65535 ? 1 : port + 1) + " IN IP4 " + ip + "\r\n" + extra
                        + "a=candidate:1 1 UDP 1 " + ip + " " + port + " typ host\r\n");
        return Combinators.combine(address, media.list().ofMinSize(1).ofMaxSize(4))
                .as((ip, sections) -> "v=0\r\no=secret-pbx 1 1 IN IP4 " + ip + "\r\ns=secret-pbx\r\nc=IN IP4 " + ip
                        + "\r\nt=0 0\r\n" + String.join("", sections));
    }
}
