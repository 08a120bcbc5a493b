package org.sbc.core.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.Side;
import org.sbc.core.config.TopologyConfig;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Transport;
import org.sbc.topology.scrub.InsideNames;

/** Cases a review found: an IPv6 one-address box, and a body that cannot be read. */
class TopologyEdgeCasesTest {

    @Test
    void excludesTheOutsideAddressOnAOneAddressIpv6Box() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        SbcConfig config = SbcConfig.defaults()
                .withSides(new Side(List.of(new ListenAddress(Transport.UDP, v6, 5060))),
                        new Side(List.of(new ListenAddress(Transport.UDP, v6, 5070))))
                .withPbx(new PbxTarget("sip:[::1]:5080", "::1", 5080, Transport.UDP));

        Set<String> names = TopologyHiding.insideNames(config, v6);

        assertFalse(new InsideNames(names).isInside("[::1]:5060"), names.toString());
    }

    @Test
    void dropsACompressedBodyItCannotRead() throws Exception {
        OutsideSanitizer sanitizer = new OutsideSanitizer(new InsideNames(List.of("10.0.0.5")), TopologyConfig.DEFAULT);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write("v=0\r\nc=IN IP4 10.0.0.5\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        String head = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK1\r\nCall-ID: a\r\n"
                + "CSeq: 1 INVITE\r\nContent-Encoding: gzip\r\nContent-Type: application/sdp\r\n"
                + "Content-Length: " + zipped.size() + "\r\n\r\n";
        byte[] message = (head + new String(zipped.toByteArray(), StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1);

        Optional<String> out = sanitizer.sanitize(message, "203.0.113.1")
                .map(b -> new String(b, StandardCharsets.ISO_8859_1));

        out.ifPresent(text -> assertEquals("", text.substring(text.indexOf("\r\n\r\n") + 4), text));
    }
}
