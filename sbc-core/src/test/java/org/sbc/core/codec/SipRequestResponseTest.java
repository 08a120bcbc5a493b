package org.sbc.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.Limits;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.SipFrame;
import org.sbc.core.testing.TestPeers;

/**
 * {@link SipRequest#response} writes what JAIN-SIP's {@code createResponse} writes, header for
 * header and in the same order, for every request of the torture and fuzz corpus and a dialog-
 * creating INVITE with Record-Route and Timestamp, at every kind of status; and what a response
 * changes (the To's tag) stays out of the request it answers.
 */
class SipRequestResponseTest {

    private static final int[] STATUSES = {100, 180, 183, 200, 302, 404, 487, 503};

    private static final String INVITE = """
            INVITE sip:bob@192.0.2.20 SIP/2.0\r
            Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1;rport\r
            Via: SIP/2.0/TCP 198.51.100.1;branch=z9hG4bK-0\r
            Record-Route: <sip:192.0.2.1;lr>, <sip:198.51.100.2;lr>\r
            Record-Route: <sip:203.0.113.3;lr>\r
            Timestamp: 54.3 0.1\r
            Max-Forwards: 70\r
            From: "Jürgen Müller" <sip:alice@example.com>;tag=a1\r
            To: <sip:bob@example.com>\r
            Call-ID: c-1@192.0.2.10\r
            CSeq: 7 INVITE\r
            Contact: <sip:alice@192.0.2.10>\r
            Content-Length: 0\r
            \r
            """;

    @Test
    void writesWhatJainSipsCreateResponseWrites() throws IOException {
        List<byte[]> requests = new ArrayList<>();
        requests.add(INVITE.getBytes(StandardCharsets.UTF_8));
        requests.add(INVITE.replace("To: <sip:bob@example.com>", "To: <sip:bob@example.com>;tag=b2")
                .getBytes(StandardCharsets.UTF_8));
        requests.add(INVITE.replace("INVITE", "BYE").getBytes(StandardCharsets.UTF_8));
        for (Path file : DirectHeaderParsingTest.corpus().toList()) {
            requests.add(Files.readAllBytes(file));
        }
        int compared = 0;
        for (byte[] bytes : requests) {
            for (int status : STATUSES) {
                SipRequest request = decoded(bytes);
                if (request == null || request.jainTree().getTopmostVia() == null) {
                    continue; // refused, or never answered (the sanity step drops it first)
                }
                SIPRequest tree = request.jainTree();
                SipResponse theirs = new SipResponse(tree.createResponse(status, null));
                SipResponse ours = request.response(status, null);
                String transport = tree.getTopmostVia().getTransport();
                assertArrayEquals(theirs.encode(transport), ours.encode(transport),
                        new String(bytes, StandardCharsets.UTF_8) + "\nanswered " + status);
                compared++;
            }
        }
        assertTrue(compared > 40 * STATUSES.length, "responses compared: " + compared);
    }

    @Test
    void recordRouteIsEchoedOnlyWhereADialogIsBeingCreated() {
        SipRequest invite = decoded(INVITE.getBytes(StandardCharsets.UTF_8));
        assertEquals(3, invite.response(180, null).recordRoutes().size());
        assertEquals(3, invite.response(200, null).recordRoutes().size());
        assertEquals(0, invite.response(100, null).recordRoutes().size());
        assertEquals(0, invite.response(486, null).recordRoutes().size());
    }

    @Test
    void theResponsesToTagAndRecordRoutesAreItsOwn() {
        SipRequest invite = decoded(INVITE.getBytes(StandardCharsets.UTF_8));
        SipResponse ok = invite.response(200, "OK");
        ok.tagToIfAbsent("ours");
        ok.jainTree().getRecordRouteHeaders().removeFirst();

        assertEquals("ours", ok.toTag());
        assertNull(invite.toTag());
        assertEquals(3, invite.jainTree().getRecordRouteHeaders().size());
        assertNull(invite.response(180, null).toTag());
    }

    private static SipRequest decoded(byte[] bytes) {
        Object decoded = new SipMessageDecoder(Limits.DEFAULT, new Counters())
                .decode(new SipFrame(bytes, TestPeers.udp("192.0.2.1", 5062)));
        return decoded instanceof ReceivedMessage received && received.message() instanceof SipRequest request
                ? request : null;
    }
}
