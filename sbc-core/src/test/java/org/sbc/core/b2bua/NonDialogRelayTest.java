package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.b2bua.FakeNetwork.Sent;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.SipSide;
import org.sbc.core.testing.SipMessages;

/** Requests outside any dialog that make no call: relayed once, answered once, then forgotten. */
class NonDialogRelayTest {

    private final ShardHarness h = new ShardHarness();
    private final FakeNetwork net = h.net;

    private static SipMessages message() {
        return SipMessages.request("MESSAGE", "sip:bob@198.51.100.10")
                .header("Via", "SIP/2.0/UDP 192.168.1.20:5062;branch=z9hG4bK-msg-1;rport")
                .header("Call-ID", "phone-msg-1")
                .add("Content-Type", "text/plain")
                .body("hello bob");
    }

    @Test
    void relaysAMessageToThePbxAndItsAnswerBack() {
        h.fromPhone(message());

        SIPRequest relayed = ShardHarness.only(net.takeSent(), SipSide.INSIDE).request();
        assertEquals("MESSAGE", relayed.getMethod());
        assertTrue(relayed.getCallId().getCallId().startsWith("s0-"));
        assertNotEquals("from-1", relayed.getFrom().getTag());
        assertEquals("hello bob", new String(relayed.getRawContent(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(1, net.counters().get(Counter.REQUESTS_RELAYED));

        h.fromPbx(ShardHarness.pbxAnswer(relayed, 202));

        SIPResponse answer = ShardHarness.only(net.takeSent(), SipSide.OUTSIDE).response();
        assertEquals(202, answer.getStatusCode());
        assertEquals("phone-msg-1", answer.getCallId().getCallId());
        assertEquals("z9hG4bK-msg-1", answer.getTopmostVia().getBranch());
        assertTrue(answer.getTo().getTag() != null && !answer.getTo().getTag().equals("pbx-tag-1"),
                "our own To-tag, not the PBX's");

        net.advance(64L * h.config.t1Millis() + h.config.t4Millis());
        assertTrue(h.idle(), h::state);
    }

    @Test
    void answersTheRetransmittedRequestWithoutRelayingItAgain() {
        h.fromPhone(message());
        SIPRequest relayed = ShardHarness.only(net.takeSent(), SipSide.INSIDE).request();
        h.fromPbx(ShardHarness.pbxAnswer(relayed, 200));
        net.takeSent();

        h.fromPhone(message());

        Sent again = net.takeOne();
        assertEquals(SipSide.OUTSIDE, again.side());
        assertEquals(200, again.response().getStatusCode());
    }

    @Test
    void answersAnUnknownMethodWith501AndRelaysNothing() {
        // RFC 4475 §3.1.1.5 (esc02): %47 and %45 are not escapes in a method, so this is not REGISTER.
        h.fromPhone(message().method("RE%47IST%45R"));

        Sent answer = net.takeOne();
        assertEquals(SipSide.OUTSIDE, answer.side());
        assertEquals(501, answer.response().getStatusCode());
        assertEquals(0, net.counters().get(Counter.REQUESTS_RELAYED));
    }

    @Test
    void answers408WhenTheFarSideIsSilent() {
        h.fromPhone(message());

        net.advance(64L * h.config.t1Millis());

        List<Sent> toPhone = net.takeSent(s -> s.side() == SipSide.OUTSIDE);
        assertEquals(1, toPhone.size(), FakeNetwork.describe(toPhone));
        assertEquals(408, toPhone.get(0).response().getStatusCode());
    }

    @Test
    void answers404FromInsideWhenNothingMatches() {
        h.fromPbx(SipMessages.request("OPTIONS", "sip:nobody@10.0.0.10")
                .header("Via", "SIP/2.0/UDP 10.0.0.2:5080;branch=z9hG4bK-pbx-opt"));

        Sent answer = net.takeOne();
        assertEquals(SipSide.INSIDE, answer.side());
        assertEquals(404, answer.response().getStatusCode());
        assertEquals(ShardHarness.PBX, answer.recipient());
    }
}
