package org.sbc.core.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.TopologyConfig;
import org.sbc.core.media.CallMedia;
import org.sbc.core.testing.SipMessages;
import org.sbc.topology.scrub.InsideNames;

class OutsideSanitizerTest {

    private static final String OUTSIDE = "203.0.113.1";
    private static final String PBX = "pbx.corp.example";
    private static final String PBX_ADDRESS = "10.0.0.5";
    private static final String INSIDE_LISTEN = "10.0.0.10";

    /** The outside leg's own headers, as the SBC writes them: they name only the outside. */
    private static final String VIA = "SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bK-out-1;rport";
    private static final String CALL_ID = "out-1@198.51.100.10";
    private static final String CSEQ = "7 INVITE";

    private final InsideNames inside = new InsideNames(List.of(PBX, PBX_ADDRESS, INSIDE_LISTEN));
    private final OutsideSanitizer sanitizer = new OutsideSanitizer(inside, TopologyConfig.DEFAULT);

    private static SipMessages invite() {
        return SipMessages.request("INVITE", "sip:alice@192.0.2.1:5062")
                .header("Via", VIA)
                .header("From", "<sip:100@198.51.100.10>;tag=sbcA")
                .header("To", "<sip:alice@192.0.2.1>")
                .header("Call-ID", CALL_ID)
                .header("CSeq", CSEQ);
    }

    private static String sanitized(OutsideSanitizer sanitizer, SipMessages message) {
        Optional<byte[]> out = sanitizer.sanitize(message.bytes(), OUTSIDE);
        assertTrue(out.isPresent(), "dropped:\n" + message.text());
        return new String(out.get(), StandardCharsets.ISO_8859_1);
    }

    private String sanitized(SipMessages message) {
        return sanitized(sanitizer, message);
    }

    private static List<String> headerLines(String message) {
        String head = message.substring(0, message.indexOf("\r\n\r\n"));
        List<String> lines = new ArrayList<>(List.of(head.split("\r\n")));
        lines.remove(0);
        return lines;
    }

    private static List<String> headerNames(String message) {
        return headerLines(message).stream().map(l -> l.substring(0, l.indexOf(':')).toLowerCase(Locale.ROOT)).toList();
    }

    private static Optional<String> header(String message, String name) {
        return headerLines(message).stream()
                .filter(l -> l.substring(0, l.indexOf(':')).equalsIgnoreCase(name))
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst();
    }

    private static String body(String message) {
        return message.substring(message.indexOf("\r\n\r\n") + 4);
    }

    private static TopologyConfig withOutsideHeaders(List<String> headers) {
        TopologyConfig d = TopologyConfig.DEFAULT;
        return new TopologyConfig(d.mode(), d.outsideHost(), d.insideNames(), headers, d.sdp(), d.maskKey(),
                d.maskPreviousKey(), d.store(), d.redisUri(), d.maxEntries());
    }

    @Test
    void dropsHeadersThatAreNotAllowed() {
        String out = sanitized(invite()
                .add("Server", "Asterisk PBX 18.2.0")
                .add("User-Agent", "FPBX-16.0.40")
                .add("P-Asserted-Identity", "<sip:100@" + PBX + ">")
                .add("Warning", "399 " + PBX + " \"no route\"")
                .add("Error-Info", "<sip:not-in-service@" + PBX + ">")
                .add("Path", "<sip:" + INSIDE_LISTEN + ";lr>")
                .add("Service-Route", "<sip:" + INSIDE_LISTEN + ";lr>")
                .add("X-Asterisk-HangupCause", "Normal Clearing")
                .add("Supported", "replaces, timer"));

        List<String> names = headerNames(out);
        for (String dropped : List.of("server", "user-agent", "p-asserted-identity", "warning", "error-info", "path",
                "service-route", "x-asterisk-hangupcause")) {
            assertFalse(names.contains(dropped), dropped + " crossed:\n" + out);
        }
        assertEquals(Optional.of("replaces, timer"), header(out, "Supported"));
    }

    @Test
    void keepsTheSbcsOwnWarningOnlyWordForWord() {
        String own = "399 sbc \"" + CallMedia.WARNINGS.iterator().next() + "\"";
        assertEquals(Optional.of(own), header(sanitized(invite().add("Warning", own)), "Warning"));

        for (String other : List.of("399 sbc \"handled by " + PBX_ADDRESS + "\"", "399 " + PBX + " \"no route\"",
                own.replace("399", "301"))) {
            String out = sanitized(invite().add("Warning", other));
            assertFalse(headerNames(out).contains("warning"), other + " crossed:\n" + out);
        }
    }

    @Test
    void keepsAnAllowedHeaderButNamesTheOutsideHostInIt() {
        OutsideSanitizer withPai = new OutsideSanitizer(inside,
                withOutsideHeaders(List.of("p-asserted-identity", "referred-by")));

        String out = sanitized(withPai, invite()
                .add("P-Asserted-Identity", "\"Reception\" <sip:100@" + PBX + ">")
                .add("Referred-By", "<sip:200@" + PBX_ADDRESS + ":5060>"));

        assertEquals(Optional.of("\"Reception\" <sip:100@" + OUTSIDE + ">"), header(out, "P-Asserted-Identity"));
        assertEquals(Optional.of("<sip:200@" + OUTSIDE + ">"), header(out, "Referred-By"));
    }

    @Test
    void scrubsTheHostsOfFromToAndContact() {
        String out = sanitized(invite()
                .header("From", "\"100\" <sip:100@" + PBX + ">;tag=sbcA")
                .header("To", "<sip:alice@" + PBX_ADDRESS + ">")
                .header("Contact", "<sip:h-1@" + INSIDE_LISTEN + ":5070>"));

        assertEquals(Optional.of("\"100\" <sip:100@" + OUTSIDE + ">;tag=sbcA"), header(out, "From"));
        assertEquals(Optional.of("<sip:alice@" + OUTSIDE + ">"), header(out, "To"));
        assertEquals(Optional.of("<sip:h-1@" + OUTSIDE + ">"), header(out, "Contact"));
    }

    /**
     * A header is judged by its name in any case of its letters, compact forms included: what
     * is allowed crosses however it is written, and what is not is dropped however it is written.
     */
    @Test
    void judgesAHeaderByItsNameInAnyCase() {
        String out = sanitized(invite()
                .add("SUPPORTED", "replaces")
                .add("sUpPoRtEd", "timer")
                .add("K", "100rel")
                .add("USER-AGENT", "FPBX-16.0.40")
                .add("server", "Asterisk PBX 18.2.0")
                .add("X-SECRET", PBX)
                .add("max-FORWARDS", "69")
                .add("CONTACT", "<sip:h-1@" + INSIDE_LISTEN + ":5070>"));

        List<String> lines = headerLines(out);
        assertTrue(lines.containsAll(List.of("SUPPORTED: replaces", "sUpPoRtEd: timer", "K: 100rel",
                "max-FORWARDS: 69", "CONTACT: <sip:h-1@" + OUTSIDE + ">")), out);
        for (String dropped : List.of("user-agent", "server", "x-secret")) {
            assertFalse(headerNames(out).contains(dropped), dropped + " crossed:\n" + out);
        }
    }

    @Test
    void leavesViaCallIdAndCseqByteForByte() {
        String out = sanitized(invite().add("Max-Forwards", "69"));

        List<String> lines = headerLines(out);
        assertTrue(lines.contains("Via: " + VIA), out);
        assertTrue(lines.contains("Call-ID: " + CALL_ID), out);
        assertTrue(lines.contains("CSeq: " + CSEQ), out);
        assertTrue(out.startsWith("INVITE sip:alice@192.0.2.1:5062 SIP/2.0\r\n"), out);
    }

    @Test
    void recomputesContentLengthAfterTheBodyShrinks() {
        String sdp = sdp("pbx-media.example." + PBX, PBX_ADDRESS);

        String out = sanitized(invite().header("Content-Type", "application/sdp").body(sdp));

        String body = body(out);
        assertEquals(Optional.of(Integer.toString(body.getBytes(StandardCharsets.ISO_8859_1).length)),
                header(out, "Content-Length"));
        assertEquals(1, headerNames(out).stream().filter("content-length"::equals).count(), out);
        assertTrue(body.length() != sdp.length(), "the test must change the body's length");
    }

    @Test
    void writesContentLengthZeroWithoutABody() {
        String out = sanitized(invite().header("Content-Length", "123"));

        assertEquals(Optional.of("0"), header(out, "Content-Length"));
        assertEquals("", body(out));
        assertTrue(out.endsWith("\r\n\r\n"), out);
    }

    @Test
    void rewritesSdpToTheOutsideHostAndScrubsInsideNames() {
        String out = sanitized(invite()
                .header("Content-Type", "application/sdp")
                .body(sdp("media." + PBX, PBX_ADDRESS)));

        String body = body(out);
        assertTrue(body.contains("o=pbx 1000 1001 IN IP4 " + OUTSIDE + "\r\n"), body);
        assertTrue(body.contains("c=IN IP4 " + OUTSIDE + "\r\n"), body);
        assertTrue(body.contains("a=rtcp:10001 IN IP4 " + OUTSIDE + "\r\n"), body);
        assertTrue(body.contains("s=call from " + OUTSIDE + "\r\n"), body);
        assertFalse(body.contains("a=candidate"), body);
        assertFalse(inside.appearsIn(body), body);
        assertTrue(body.contains("m=audio 10000 RTP/AVP 0 8\r\n"), body);
        assertEquals(Optional.of("application/sdp"), header(out, "Content-Type"));
    }

    @Test
    void scrubsInsideNamesFromSdpItKeeps() {
        TopologyConfig d = TopologyConfig.DEFAULT;
        OutsideSanitizer keep = new OutsideSanitizer(inside, new TopologyConfig(d.mode(), d.outsideHost(),
                d.insideNames(), d.outsideHeaders(), TopologyConfig.SdpHandling.KEEP, d.maskKey(),
                d.maskPreviousKey(), d.store(), d.redisUri(), d.maxEntries()));

        String out = sanitized(keep, invite()
                .header("Content-Type", "application/sdp")
                .body("v=0\r\no=pbx 1 1 IN IP4 192.0.2.50\r\ns=" + PBX + "\r\nc=IN IP4 192.0.2.50\r\n"));

        assertEquals("v=0\r\no=pbx 1 1 IN IP4 192.0.2.50\r\ns=" + OUTSIDE + "\r\nc=IN IP4 192.0.2.50\r\n", body(out));
    }

    @Test
    void reducesASipfragToItsStartLine() {
        String frag = "SIP/2.0 200 OK\r\n"
                + "Via: SIP/2.0/UDP " + PBX_ADDRESS + ":5060;branch=z9hG4bK-pbx\r\n"
                + "Contact: <sip:300@" + PBX + ">\r\n";

        String out = sanitized(SipMessages.request("NOTIFY", "sip:alice@192.0.2.1:5062")
                .header("Via", VIA)
                .header("Call-ID", CALL_ID)
                .header("Event", "refer")
                .header("Content-Type", "message/sipfrag;version=2.0")
                .body(frag));

        assertEquals("SIP/2.0 200 OK\r\n", body(out));
        assertEquals(Optional.of("16"), header(out, "Content-Length"));
        assertEquals(Optional.of("message/sipfrag;version=2.0"), header(out, "Content-Type"));
        assertEquals(Optional.of("refer"), header(out, "Event"));
    }

    @Test
    void dropsABodyItCannotReadWithItsContentType() {
        String out = sanitized(invite()
                .header("Content-Type", "application/octet-stream")
                .body("\u0001\u0002binary ISUP from " + PBX_ADDRESS));

        assertEquals("", body(out));
        assertEquals(Optional.empty(), header(out, "Content-Type"));
        assertEquals(Optional.of("0"), header(out, "Content-Length"));
    }

    @Test
    void dropsABodyWithoutContentType() {
        String out = sanitized(invite().body("hello from " + PBX));

        assertEquals("", body(out));
        assertEquals(Optional.of("0"), header(out, "Content-Length"));
    }

    @Test
    void scrubsATextBody() {
        String out = sanitized(SipMessages.request("MESSAGE", "sip:alice@192.0.2.1:5062")
                .header("Via", VIA)
                .header("Call-ID", CALL_ID)
                .header("Content-Type", "text/plain")
                .body("call me back at sip:100@" + PBX));

        assertEquals("call me back at sip:100@" + OUTSIDE, body(out));
    }

    @Test
    void dropsAMessageWhoseViaNamesAnInsideAddress() {
        byte[] message = invite()
                .header("Via", "SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bK-out-1;received=" + PBX_ADDRESS)
                .bytes();

        assertEquals(Optional.empty(), sanitizer.sanitize(message, OUTSIDE));
    }

    @Test
    void dropsAMessageWhoseCallIdNamesAnInsideHost() {
        byte[] message = invite().header("Call-ID", "abc@" + PBX).bytes();

        assertEquals(Optional.empty(), sanitizer.sanitize(message, OUTSIDE));
    }

    @Test
    void dropsAMessageWithoutTheEndOfItsHeaders() {
        byte[] message = "INVITE sip:a@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.10\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        assertEquals(Optional.empty(), sanitizer.sanitize(message, OUTSIDE));
    }

    @Test
    void passesAMessageThatNamesNothingInsideUnchangedButForTheEndHeaders() {
        String out = sanitized(invite());

        assertEquals(invite().without("Content-Length").text().replace("\r\n\r\n", "\r\nContent-Length: 0\r\n\r\n"),
                out);
    }

    private static String sdp(String sessionName, String address) {
        return "v=0\r\n"
                + "o=pbx 1000 1001 IN IP4 " + address + "\r\n"
                + "s=call from " + sessionName + "\r\n"
                + "c=IN IP4 " + address + "\r\n"
                + "t=0 0\r\n"
                + "m=audio 10000 RTP/AVP 0 8\r\n"
                + "a=rtcp:10001 IN IP4 " + address + "\r\n"
                + "a=candidate:1 1 UDP 2130706431 " + address + " 10000 typ host\r\n"
                + "a=sendrecv\r\n";
    }
}
