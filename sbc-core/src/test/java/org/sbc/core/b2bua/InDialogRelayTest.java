package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.RAck;
import gov.nist.javax.sip.header.RSeq;
import gov.nist.javax.sip.header.Require;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.b2bua.FakeNetwork.Sent;
import org.sbc.core.sip.SipSide;
import org.sbc.core.testing.SipMessages;

/** Requests inside a call are rebuilt on the other leg from its own dialog state. */
class InDialogRelayTest {

    private final ShardHarness h = new ShardHarness();
    private final FakeNetwork net = h.net;
    private SIPRequest invite;
    private String ourOutsideTag;

    /** Brings a call up: INVITE, 200, ACK. */
    private void confirmedCall() {
        invite = h.inviteReachingPbx();
        h.fromPbx(ShardHarness.pbxAnswer(invite, 200));
        ourOutsideTag = net.takeOne().response().getTo().getTag();
        h.fromPhone(ShardHarness.phoneInDialog("ACK", 1, "z9hG4bK-phone-ack", ourOutsideTag));
        assertEquals("ACK", net.takeOne().request().getMethod());
    }

    @Test
    void relaysAReInviteWithTheLegsOwnCseqTargetAndContact() {
        confirmedCall();

        h.fromPhone(ShardHarness.phoneInDialog("INVITE", 2, "z9hG4bK-phone-reinv", ourOutsideTag)
                .add("Contact", "<sip:alice@192.168.1.20:5062>")
                .add("Content-Type", "application/sdp").body(ShardHarness.SDP));

        SIPRequest reInvite = ShardHarness.only(net.takeSent(), SipSide.INSIDE).request();
        assertEquals("sip:bob@10.0.0.2:5080", reInvite.getRequestURI().toString(), "the PBX's Contact");
        assertEquals(invite.getCallId().getCallId(), reInvite.getCallId().getCallId());
        assertEquals(invite.getCSeq().getSeqNumber() + 1, reInvite.getCSeq().getSeqNumber());
        assertEquals("pbx-tag-1", reInvite.getTo().getTag());
        assertEquals(invite.getFrom().getTag(), reInvite.getFrom().getTag());
        assertEquals("10.0.0.10",
                ((SipUri) ((Contact) reInvite.getContactHeaders().getFirst()).getAddress().getURI()).getHost());

        h.fromPbx(ShardHarness.pbxAnswer(reInvite, 200));
        SIPResponse ok = ShardHarness.only(net.takeSent(), SipSide.OUTSIDE).response();
        assertEquals(200, ok.getStatusCode());
        assertEquals(2, ok.getCSeq().getSeqNumber());
        assertEquals(ourOutsideTag, ok.getTo().getTag());

        h.fromPhone(ShardHarness.phoneInDialog("ACK", 2, "z9hG4bK-phone-ack2", ourOutsideTag));

        SIPRequest ack = ShardHarness.only(net.takeSent(), SipSide.INSIDE).request();
        assertEquals("ACK", ack.getMethod());
        assertEquals(reInvite.getCSeq().getSeqNumber(), ack.getCSeq().getSeqNumber());
        net.advance(10_000);
        assertEquals(List.of(), net.takeSent(), "the re-INVITE's 2xx was ACKed: no retransmission");
    }

    @Test
    void reAcksThePbxsRetransmitted2xxWithoutBotheringThePhone() {
        confirmedCall();

        h.fromPbx(ShardHarness.pbxAnswer(invite, 200));

        Sent ack = net.takeOne();
        assertEquals(SipSide.INSIDE, ack.side());
        assertEquals("ACK", ack.request().getMethod());
        assertEquals("pbx-tag-1", ack.request().getTo().getTag());
    }

    @Test
    void translatesTheRackOfAPrackToTheOtherLegsCseq() throws Exception {
        h.fromPhone(ShardHarness.phoneInvite().header("CSeq", "101 INVITE"));
        invite = ShardHarness.only(net.takeSent(), SipSide.INSIDE).request();
        SIPResponse progress = ShardHarness.pbxAnswer(invite, 183);
        RSeq rseq = new RSeq();
        rseq.setSeqNumber(7);
        progress.setHeader(rseq);
        Require require = new Require();
        require.setOptionTag("100rel");
        progress.setHeader(require);
        h.fromPbx(progress);
        SIPResponse relayed = ShardHarness.only(net.takeSent(), SipSide.OUTSIDE).response();
        assertEquals(7, ((RSeq) relayed.getHeader(RSeq.NAME)).getSeqNumber());
        String ourTag = relayed.getTo().getTag();

        h.fromPhone(ShardHarness.phoneInDialog("PRACK", 102, "z9hG4bK-phone-prack", ourTag)
                .add("RAck", "7 101 INVITE"));

        SIPRequest prack = ShardHarness.only(net.takeSent(), SipSide.INSIDE).request();
        RAck rack = (RAck) prack.getHeader(RAck.NAME);
        assertNotNull(rack);
        assertEquals(7, rack.getRSequenceNumber());
        assertEquals(invite.getCSeq().getSeqNumber(), rack.getCSequenceNumber(), "the PBX leg's INVITE CSeq");
        int racks = 0;
        for (var it = prack.getHeaders(RAck.NAME); it.hasNext(); it.next()) {
            racks++;
        }
        assertEquals(1, racks, "the phone's own RAck does not cross");
    }

    @Test
    void answers491WhenTheOtherLegHasNoDialogYet() {
        invite = h.inviteReachingPbx();
        h.fromPbx(invite.createResponse(180)); // ringing, but untagged: no dialog with the PBX yet
        String ourTag = net.takeOne().response().getTo().getTag();

        h.fromPhone(ShardHarness.phoneInDialog("UPDATE", 2, "z9hG4bK-phone-upd", ourTag));

        Sent answer = net.takeOne();
        assertEquals(SipSide.OUTSIDE, answer.side());
        assertEquals(491, answer.response().getStatusCode());
    }

    @Test
    void answers481ToARequestWithAGuessedTag() {
        invite = h.inviteReachingPbx();

        h.fromPhone(ShardHarness.phoneInDialog("UPDATE", 2, "z9hG4bK-phone-upd", "guess"));

        assertEquals(481, net.takeOne().response().getStatusCode());
    }

    @Test
    void answers481ToACancelForNoTransaction() {
        h.fromPhone(SipMessages.request("CANCEL", "sip:bob@198.51.100.10")
                .header("Via", "SIP/2.0/UDP 192.168.1.20:5062;branch=z9hG4bK-nothing;rport"));

        assertEquals(481, net.takeOne().response().getStatusCode());
    }

    @Test
    void dropsAnAckForNoDialog() {
        h.fromPhone(ShardHarness.phoneInDialog("ACK", 1, "z9hG4bK-stray-ack", "nobody"));

        assertEquals(List.of(), net.takeSent());
        assertTrue(net.counters().get(org.sbc.core.metrics.Counter.UNHANDLED_DROPPED) >= 1);
    }
}
