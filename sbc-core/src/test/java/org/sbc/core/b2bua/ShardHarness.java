package org.sbc.core.b2bua;

import org.sbc.core.codec.JainTrees;
import static org.junit.jupiter.api.Assertions.assertEquals;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import org.sbc.core.b2bua.FakeNetwork.Sent;
import org.sbc.core.b2bua.registration.BindingCache;
import org.sbc.core.config.B2buaConfig;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.Responses;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.SipTesting;

/**
 * One shard on a {@link FakeNetwork}, with a phone outside (192.0.2.1:5062 over UDP) and the PBX
 * inside (10.0.0.2:5080 over UDP) played by the test. Messages from the phone go through the
 * production decoder, as the edge would hand them over.
 */
final class ShardHarness {

    static final InetSocketAddress PHONE = FakeNetwork.address("192.0.2.1", 5062);
    static final InetSocketAddress PBX = FakeNetwork.address("10.0.0.2", 5080);
    static final String SDP = "v=0\r\no=alice 1 1 IN IP4 192.0.2.99\r\ns=-\r\nc=IN IP4 192.0.2.99\r\n"
            + "t=0 0\r\nm=audio 40000 RTP/AVP 0\r\n";

    final FakeNetwork net = new FakeNetwork();
    final B2buaConfig config;
    final BindingCache bindings;
    final SipFactory sip = new SipFactory(net.sockets());
    final Router router;
    final B2buaContext context;
    final Shard shard;

    ShardHarness() {
        this(B2buaConfig.DEFAULT);
    }

    ShardHarness(B2buaConfig config) {
        this.config = config;
        this.bindings = new BindingCache(config.maxBindings(), System::currentTimeMillis);
        this.router = new Router(new PbxTarget("sip:10.0.0.2:5080", "10.0.0.2", 5080, Transport.UDP), PBX,
                List.of(), bindings, sip);
        this.context = new B2buaContext(config, sip, net.outbound(), new Responses(Optional.empty()),
                net.counters(), bindings, router, null);
        this.shard = new Shard(0, net.loop(), context);
    }

    /** A phone's INVITE to bob with its own Call-ID, tag, Via, Contact, Record-Route and SDP. */
    static SipMessages phoneInvite() {
        return SipMessages.request("INVITE", "sip:bob@198.51.100.10")
                .header("Via", "SIP/2.0/UDP 192.168.1.20:5062;branch=z9hG4bK-phone-1;rport")
                .header("From", "\"Alice\" <sip:alice@caller.example>;tag=phone-tag-1")
                .header("To", "<sip:bob@198.51.100.10>")
                .header("Call-ID", "phone-call-1")
                .add("Contact", "<sip:alice@192.168.1.20:5062>")
                .add("Record-Route", "<sip:proxy.caller.example;lr>")
                .add("User-Agent", "Phone/1.0")
                .add("Supported", "timer")
                .add("Content-Type", "application/sdp")
                .body(SDP);
    }

    /** A request of the phone's in the dialog of {@link #phoneInvite()}, To-tagged with our tag. */
    static SipMessages phoneInDialog(String method, long cseq, String branch, String ourTag) {
        return SipMessages.request(method, "sip:198.51.100.10:5060")
                .header("Via", "SIP/2.0/UDP 192.168.1.20:5062;branch=" + branch + ";rport")
                .header("From", "\"Alice\" <sip:alice@caller.example>;tag=phone-tag-1")
                .header("To", "<sip:bob@198.51.100.10>" + (ourTag == null ? "" : ";tag=" + ourTag))
                .header("Call-ID", "phone-call-1")
                .header("CSeq", cseq + " " + method);
    }

    void fromPhone(SipMessages message) {
        Peer peer = new Peer(Transport.UDP, PHONE, FakeNetwork.OUTSIDE_LISTEN);
        shard.onMessage(SipTesting.received(message, peer), SipSide.OUTSIDE, net.udpChannel(SipSide.OUTSIDE));
    }

    /** A message a phone sent over TCP, on {@code connection}, from {@code remote}. */
    void fromPhoneTcp(SipMessages message, io.netty.channel.Channel connection, InetSocketAddress remote) {
        Peer peer = new Peer(Transport.TCP, remote, FakeNetwork.OUTSIDE_LISTEN);
        shard.onMessage(SipTesting.received(message, peer), SipSide.OUTSIDE, connection);
    }

    /** A message the phone sent, as the test built it (not through the decoder). */
    void fromPhone(SIPMessage message) {
        Peer peer = new Peer(Transport.UDP, PHONE, FakeNetwork.OUTSIDE_LISTEN);
        shard.onMessage(new ReceivedMessage(JainTrees.message(FakeNetwork.parse(message.encodeAsBytes("UDP"))), peer),
                SipSide.OUTSIDE, net.udpChannel(SipSide.OUTSIDE));
    }

    void fromPbx(SIPMessage message) {
        Peer peer = new Peer(Transport.UDP, PBX, FakeNetwork.INSIDE_LISTEN);
        shard.onMessage(new ReceivedMessage(JainTrees.message(FakeNetwork.parse(message.encodeAsBytes("UDP"))), peer),
                SipSide.INSIDE, net.udpChannel(SipSide.INSIDE));
    }

    void fromPbx(SipMessages message) {
        Peer peer = new Peer(Transport.UDP, PBX, FakeNetwork.INSIDE_LISTEN);
        shard.onMessage(SipTesting.received(message, peer), SipSide.INSIDE, net.udpChannel(SipSide.INSIDE));
    }

    /** The PBX's answer to {@code request}: tagged, and with a Contact when it makes a dialog. */
    static SIPResponse pbxAnswer(SIPRequest request, int status) {
        SIPResponse response = request.createResponse(status);
        try {
            if (status > 100) {
                response.getTo().setTag("pbx-tag-1");
            }
            if (status > 100 && status < 300) {
                Contact contact = new Contact();
                contact.setAddress(new AddressFactoryImpl().createAddress("<sip:bob@10.0.0.2:5080>"));
                response.setHeader(contact);
            }
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
        return response;
    }

    static Sent only(List<Sent> sent, SipSide side) {
        List<Sent> onSide = sent.stream().filter(s -> s.side() == side).toList();
        assertEquals(1, onSide.size(), () -> "expected one message " + side + ": " + FakeNetwork.describe(sent));
        return onSide.get(0);
    }

    /** Starts a call from the phone and returns the INVITE that reached the PBX. */
    SIPRequest inviteReachingPbx() {
        fromPhone(phoneInvite());
        return only(net.takeSent(), SipSide.INSIDE).request();
    }

    int dialogs() {
        return shard.dialogCount();
    }

    /** True when the shard holds no call, transaction or call slot. */
    boolean idle() {
        return shard.dialogCount() == 0 && shard.transactions.serverCount() == 0
                && shard.transactions.clientCount() == 0 && context.calls.get() == 0
                && context.callsPerSource.isEmpty();
    }

    String state() {
        return "dialogs " + shard.dialogCount() + ", servers " + shard.transactions.serverCount() + ", clients "
                + shard.transactions.clientCount() + ", calls " + context.calls.get() + ", sources "
                + context.callsPerSource.size();
    }
}
