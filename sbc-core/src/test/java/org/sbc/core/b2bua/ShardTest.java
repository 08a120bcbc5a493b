package org.sbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import org.sbc.core.codec.SipRequest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.b2bua.FakeNetwork.Sent;
import org.sbc.core.b2bua.registration.BindingCache;
import org.sbc.core.config.B2buaConfig;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.Responses;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.SipTesting;

/**
 * One shard fed parsed messages as the edge hands them over, with the PBX played by the test:
 * a call from the outside becomes an independent call towards the PBX.
 */
class ShardTest {

    /** What the phone's INVITE says about the outside that must never reach the PBX. */
    private static final List<String> PHONE_SECRETS = List.of("phone-call-1", "phone-tag-1", "z9hG4bK-phone-1",
            "192.168.1.20", "proxy.caller.example", "Phone/1.0", "192.0.2.1:5062");

    private final ShardHarness h = new ShardHarness();
    private final FakeNetwork net = h.net;
    private final Shard shard = h.shard;
    private final B2buaConfig config = h.config;
    private final B2buaContext context = h.context;

    private static final InetSocketAddress PHONE = ShardHarness.PHONE;
    private static final InetSocketAddress PBX = ShardHarness.PBX;
    private static final String SDP = ShardHarness.SDP;

    private static SipMessages phoneInvite() {
        return ShardHarness.phoneInvite();
    }

    private void fromPhone(SipMessages message) {
        h.fromPhone(message);
    }

    private void fromPbx(SIPMessage message) {
        h.fromPbx(message);
    }

    private static SIPResponse pbxAnswer(SIPRequest request, int status) {
        return ShardHarness.pbxAnswer(request, status);
    }

    private static Sent only(List<Sent> sent, SipSide side) {
        return ShardHarness.only(sent, side);
    }

    @Test
    void relaysAnInviteFromOutsideAsANewCallTowardsThePbx() {
        fromPhone(phoneInvite());

        List<Sent> sent = net.takeSent();
        Sent trying = only(sent, SipSide.OUTSIDE);
        assertEquals(100, trying.response().getStatusCode());
        assertEquals(PHONE, trying.recipient(), "answered at the source port (rport)");

        Sent toPbx = only(sent, SipSide.INSIDE);
        SIPRequest invite = toPbx.request();
        assertEquals(PBX, toPbx.recipient());
        assertEquals("INVITE", invite.getMethod());
        SipUri requestUri = (SipUri) invite.getRequestURI();
        assertEquals("bob", requestUri.getUser());
        assertEquals("198.51.100.10", requestUri.getHost(), "the phone's Request-URI host is kept");

        assertTrue(invite.getCallId().getCallId().startsWith("s0-"), "a Call-ID of ours, naming the shard");
        assertNotEquals("phone-tag-1", invite.getFrom().getTag());
        assertNotNull(invite.getFrom().getTag());
        assertNull(invite.getTo().getTag());
        assertEquals(1, invite.getViaHeaders().size(), "only our Via");
        assertEquals("10.0.0.10", invite.getTopmostVia().getHost());
        assertTrue(invite.getTopmostVia().getBranch().startsWith("z9hG4bK"));
        SipUri contact = (SipUri) ((Contact) invite.getContactHeaders().getFirst()).getAddress().getURI();
        assertEquals("10.0.0.10", contact.getHost());
        assertEquals(1, invite.getContactHeaders().size());
        assertNull(invite.getRecordRouteHeaders());
        assertNull(invite.getHeader("User-Agent"));
        assertEquals(69, invite.getMaxForwards().getMaxForwards());
        assertEquals("timer", ((gov.nist.javax.sip.header.SIPHeader) invite.getHeader("Supported")).getHeaderValue().trim());
        assertArrayEquals(SDP.getBytes(StandardCharsets.UTF_8), invite.getRawContent());
        assertEquals("sdp", invite.getContentTypeHeader().getContentSubType());

        String text = new String(invite.encodeAsBytes("UDP"), StandardCharsets.UTF_8);
        for (String secret : PHONE_SECRETS) {
            assertFalse(text.contains(secret), () -> secret + " reached the PBX:\n" + text);
        }
        assertEquals(1, net.counters().get(Counter.CALLS_STARTED));
        assertEquals(2, shard.dialogCount());
    }

    @Test
    void relaysACompleteCallAndForgetsItOnceEveryTimerHasRun() {
        fromPhone(phoneInvite());
        SIPRequest invite = only(net.takeSent(), SipSide.INSIDE).request();

        fromPbx(pbxAnswer(invite, 180));
        SIPResponse ringing = net.takeOne().response();
        assertEquals(180, ringing.getStatusCode());
        assertEquals("phone-call-1", ringing.getCallId().getCallId(), "the phone's leg keeps its own Call-ID");
        assertEquals("z9hG4bK-phone-1", ringing.getTopmostVia().getBranch());
        String ourOutsideTag = ringing.getTo().getTag();
        assertNotEquals("pbx-tag-1", ourOutsideTag, "the PBX's tag stays inside");

        fromPbx(pbxAnswer(invite, 200));
        SIPResponse ok = net.takeOne().response();
        assertEquals(200, ok.getStatusCode());
        assertEquals(ourOutsideTag, ok.getTo().getTag());
        SipUri okContact = (SipUri) ((Contact) ok.getContactHeaders().getFirst()).getAddress().getURI();
        assertEquals("198.51.100.10", okContact.getHost(), "our outside Contact, not the PBX's");

        fromPhone(SipMessages.request("ACK", "sip:198.51.100.10:5060")
                .header("Via", "SIP/2.0/UDP 192.168.1.20:5062;branch=z9hG4bK-phone-ack;rport")
                .header("From", "\"Alice\" <sip:alice@caller.example>;tag=phone-tag-1")
                .header("To", "<sip:bob@198.51.100.10>;tag=" + ourOutsideTag)
                .header("Call-ID", "phone-call-1")
                .header("CSeq", "1 ACK"));
        SIPRequest ack = only(net.takeSent(), SipSide.INSIDE).request();
        assertEquals("ACK", ack.getMethod());
        assertEquals(invite.getCallId().getCallId(), ack.getCallId().getCallId());
        assertEquals("pbx-tag-1", ack.getTo().getTag());
        assertEquals(invite.getCSeq().getSeqNumber(), ack.getCSeq().getSeqNumber());
        assertEquals(PBX, ack.getRequestURI() instanceof SipUri u
                ? FakeNetwork.address(u.getHost(), u.getPort()) : null, "sent to the PBX's Contact");

        net.advance(2_000);
        assertEquals(List.of(), net.takeSent(), "no 2xx retransmission once the ACK arrived");

        fromPhone(SipMessages.request("BYE", "sip:198.51.100.10:5060")
                .header("Via", "SIP/2.0/UDP 192.168.1.20:5062;branch=z9hG4bK-phone-bye;rport")
                .header("From", "\"Alice\" <sip:alice@caller.example>;tag=phone-tag-1")
                .header("To", "<sip:bob@198.51.100.10>;tag=" + ourOutsideTag)
                .header("Call-ID", "phone-call-1")
                .header("CSeq", "2 BYE"));
        SIPRequest bye = only(net.takeSent(), SipSide.INSIDE).request();
        assertEquals("BYE", bye.getMethod());
        assertEquals(invite.getCallId().getCallId(), bye.getCallId().getCallId());
        assertEquals(invite.getCSeq().getSeqNumber() + 1, bye.getCSeq().getSeqNumber());

        fromPbx(pbxAnswer(bye, 200));
        SIPResponse byeOk = net.takeOne().response();
        assertEquals(200, byeOk.getStatusCode());
        assertEquals("BYE", byeOk.getCSeq().getMethod());
        assertEquals(0, shard.dialogCount(), "the call left the dialog table with its BYE answered");
        assertEquals(0, context.calls.get());

        net.advance(config.t4Millis() + 64L * config.t1Millis());

        assertEquals(0, shard.transactions.serverCount());
        assertEquals(0, shard.transactions.clientCount());
        assertEquals(0, shard.registrar.size());
        assertEquals(List.of(), net.takeSent());
        assertEquals(1, net.counters().get(Counter.CALLS_ANSWERED));
        assertEquals(1, net.counters().get(Counter.CALLS_ENDED_BY_BYE));
    }

    @Test
    void absorbsARetransmittedInviteWhileTheCallIsRinging() {
        fromPhone(phoneInvite());
        net.takeSent();

        fromPhone(phoneInvite());

        Sent again = net.takeOne();
        assertEquals(100, again.response().getStatusCode(), "the 100 is repeated, nothing reaches the PBX");
        assertEquals(2, shard.dialogCount());
    }

    /**
     * RFC 6026 §7.1: a retransmitted INVITE that arrives after the 2xx (the phone's timer A
     * crossed our 100 Trying and 200 OK, both lost or late) is the same call, not a new one.
     */
    @Test
    void absorbsARetransmittedInviteAfterRelayingTheAnswer() {
        fromPhone(phoneInvite());
        SIPRequest invite = only(net.takeSent(), SipSide.INSIDE).request();
        fromPbx(pbxAnswer(invite, 200));
        assertEquals(200, net.takeOne().response().getStatusCode());

        fromPhone(phoneInvite());

        List<Sent> sent = net.takeSent();
        assertTrue(sent.stream().noneMatch(s -> s.side() == SipSide.INSIDE),
                () -> "a second call reached the PBX: " + FakeNetwork.describe(sent));
        assertEquals(2, shard.dialogCount());
        assertEquals(1, net.counters().get(Counter.CALLS_STARTED));
    }

    @Test
    void answers404WhenTheInsideNamesNobody() {
        shard.onMessage(SipTesting.received(SipMessages.request("INVITE", "sip:nobody@10.0.0.10")
                        .header("Via", "SIP/2.0/UDP 10.0.0.2:5080;branch=z9hG4bK-pbx-1"),
                        new Peer(Transport.UDP, PBX, FakeNetwork.INSIDE_LISTEN)),
                SipSide.INSIDE, net.udpChannel(SipSide.INSIDE));

        Sent answer = net.takeOne();
        assertEquals(404, answer.response().getStatusCode());
        assertEquals(SipSide.INSIDE, answer.side());
        assertEquals(0, shard.dialogCount());
    }

    @Test
    void answersUdpAtTheSourcePortWhenRportIsAsked() {
        SipRequest request = FakeNetwork.sipRequest(SipMessages.options()
                .header("Via", "SIP/2.0/UDP 192.168.1.20:5070;branch=z9hG4bK-1;rport").text());

        Target target = Shard.replyTarget(new Peer(Transport.UDP, PHONE, FakeNetwork.OUTSIDE_LISTEN), request,
                SipSide.OUTSIDE, null);

        assertEquals(Target.of(SipSide.OUTSIDE, Transport.UDP, PHONE), target);
    }

    @Test
    void answersUdpAtTheViaPortFromTheSourceAddressWithoutRport() {
        SipRequest request = FakeNetwork.sipRequest(SipMessages.options()
                .header("Via", "SIP/2.0/UDP 192.168.1.20:5070;branch=z9hG4bK-1").text());
        SipRequest portless = FakeNetwork.sipRequest(SipMessages.options()
                .header("Via", "SIP/2.0/UDP 192.168.1.20;branch=z9hG4bK-1").text());
        Peer peer = new Peer(Transport.UDP, PHONE, FakeNetwork.OUTSIDE_LISTEN);

        assertEquals(FakeNetwork.address("192.0.2.1", 5070),
                Shard.replyTarget(peer, request, SipSide.OUTSIDE, null).address(),
                "the source address, never the Via host");
        assertEquals(FakeNetwork.address("192.0.2.1", 5060),
                Shard.replyTarget(peer, portless, SipSide.OUTSIDE, null).address());
    }

    @Test
    void answersTcpOnTheConnectionTheRequestCameOn() {
        io.netty.channel.embedded.EmbeddedChannel connection = net.tcpConnection(SipSide.OUTSIDE);
        SipRequest request = FakeNetwork.sipRequest(SipMessages.options().text());

        Target target = Shard.replyTarget(new Peer(Transport.TCP, PHONE, FakeNetwork.OUTSIDE_LISTEN), request,
                SipSide.OUTSIDE, connection);

        assertEquals(FakeNetwork.tcp(SipSide.OUTSIDE, PHONE, connection), target);
    }

    @Test
    void relaysARejectionToATcpCallerOnItsConnectionWithoutRetransmitting() {
        io.netty.channel.embedded.EmbeddedChannel connection = net.tcpConnection(SipSide.OUTSIDE);
        Peer peer = new Peer(Transport.TCP, PHONE, FakeNetwork.OUTSIDE_LISTEN);
        shard.onMessage(SipTesting.received(phoneInvite()
                .header("Via", "SIP/2.0/TCP 192.168.1.20:5062;branch=z9hG4bK-phone-1"), peer),
                SipSide.OUTSIDE, connection);
        List<Sent> sent = net.takeSent();
        assertEquals(connection, only(sent, SipSide.OUTSIDE).channel(), "the 100 Trying on the caller's connection");
        SIPRequest invite = only(sent, SipSide.INSIDE).request();

        fromPbx(pbxAnswer(invite, 486));
        List<Sent> answer = net.takeSent();
        assertEquals(486, only(answer, SipSide.OUTSIDE).response().getStatusCode());
        assertEquals(connection, only(answer, SipSide.OUTSIDE).channel());

        net.advance(10_000);

        assertEquals(List.of(), net.takeSent(), "no retransmission over TCP");
    }
}
