package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sbc.core.e2e.RtpProbe.addressLines;
import static org.sbc.core.e2e.RtpProbe.assertAudioBothWays;
import static org.sbc.core.e2e.RtpProbe.assertRelayed;
import static org.sbc.core.e2e.RtpProbe.directions;
import static org.sbc.core.e2e.RtpProbe.relay;
import static org.sbc.core.e2e.RtpProbe.rtp;
import static org.sbc.core.e2e.RtpProbe.rtpSocket;
import static org.sbc.core.e2e.RtpProbe.sdp;
import static org.sbc.core.e2e.RtpProbe.silentFor;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;

/**
 * Issue 8, mid-call media changes end to end with real sockets on loopback: a call with RTP both
 * ways through the relay is put on hold by a re-INVITE (RFC 3264 §8.4: {@code a=sendonly}, and the
 * old {@code c=0.0.0.0} of RFC 2543), stays up in silence well past the media timeout, is resumed
 * and carries audio again; and an UPDATE that moves the phone's RTP port takes the media with it.
 */
class MediaReinviteIT {

    private static final String OUTSIDE = "127.0.72.1";
    private static final String INSIDE = "127.0.72.11";
    private static final String PHONE = "127.0.72.2";
    private static final String PBX = "127.0.72.3";
    private static final int PBX_PORT = 5080;
    private static final int TIMEOUT_SECONDS = 2;
    /**
     * How long a silent call is watched for the SBC's BYE: twice the media timeout and one relay
     * tick to spare. {@link #endsASilentCallAfterTheMediaTimeout} shows a BYE does come within it.
     */
    private static final Duration TIMEOUT_WINDOW = Duration.ofSeconds(2L * TIMEOUT_SECONDS + 1);

    private static SbcServer sbc;

    @BeforeAll
    static void start() throws Exception {
        Path config = Files.writeString(Files.createTempDirectory("media-reinvite-it").resolve("sbc.yaml"), """
                outside:
                  listen: [udp:%s:5060]
                inside:
                  listen: [udp:%s:5070]
                  pbx: sip:%s:%d
                admin:
                  listen: %s:18472
                security:
                  trusted: [%s/32]
                b2bua:
                  keepalive_seconds: 0
                media:
                  ports: 33000-33099
                  timeout_seconds: %d
                """.formatted(OUTSIDE, INSIDE, PBX, PBX_PORT, OUTSIDE, PBX, TIMEOUT_SECONDS));
        sbc = SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)), Optional.of(config));
    }

    @AfterAll
    static void stop() {
        if (sbc != null) {
            sbc.close();
        }
    }

    private static SipPeer phone(int port) throws IOException {
        return SipPeer.udp("alice", PHONE, port, new InetSocketAddress(OUTSIDE, 5060));
    }

    private static SipPeer pbx() throws IOException {
        return SipPeer.udp("pbx", PBX, PBX_PORT, new InetSocketAddress(INSIDE, 5070));
    }

    private static String phoneSdp(String connection, int version, int port, String direction) {
        return sdp("IP4", PHONE, connection, "alice-phone", version, port, direction);
    }

    private static String pbxSdp(int version, int port, String direction) {
        return sdp("IP4", PBX, PBX, "pbx-owner", version, port, direction);
    }

    /** A call up through the SBC: the dialogs and where each side was told to send media. */
    private record Call(SipDialog caller, SipDialog callee, InetSocketAddress relayForPhone,
            InetSocketAddress relayForPbx) {}

    private static Call call(SipPeer phone, SipPeer pbx, int phoneRtpPort, int pbxRtpPort) throws Exception {
        SipDialog caller = SipDialog.uac(phone, "reinvite-" + System.nanoTime(), "sip:alice@" + PHONE,
                "sip:bob@" + OUTSIDE, "sip:bob@" + OUTSIDE + ":5060");
        caller.send("INVITE", "", "application/sdp", phoneSdp(PHONE, 1, phoneRtpPort, "sendrecv"));
        SipMsg invite = pbx.expectRequest("INVITE");
        SipDialog callee = SipDialog.uas(pbx, invite, "pbx" + System.nanoTime());
        callee.answer(invite, 200, "OK", "", "application/sdp", pbxSdp(1, pbxRtpPort, "sendrecv"));
        SipMsg ok = caller.finalResponse("INVITE");
        assertEquals(200, ok.status(), ok.head());
        caller.confirm(ok);
        caller.ack(1);
        pbx.expectRequest("ACK");
        return new Call(caller, callee, relay(ok.body()), relay(invite.body()));
    }

    /** What each side received of one offer/answer: the offer at the PBX, the answer at the phone. */
    private record Exchange(String pbxSaw, String phoneSaw) {}

    /** The phone sends {@code offer} in {@code method} (re-INVITE or UPDATE); the PBX answers {@code answer}. */
    private static Exchange phoneOffers(Call call, String method, String offer, String answer) throws Exception {
        call.caller().send(method, "", "application/sdp", offer);
        SipMsg request = call.callee().expect(method);
        call.callee().answer(request, 200, "OK", "", "application/sdp", answer);
        SipMsg ok = call.caller().finalResponse(method);
        assertEquals(200, ok.status(), ok.head());
        if (method.equals("INVITE")) {
            call.caller().ack(call.caller().cseq);
            call.callee().expect("ACK");
        }
        return new Exchange(request.body(), ok.body());
    }

    /** Each side's SDP names only the SBC's address on that side (and, if allowed, the null address of a hold). */
    private static void assertNamesOnlyTheSbc(Exchange seen, boolean nullAddressAllowed) {
        for (String line : addressLines(seen.pbxSaw())) {
            assertTrue(line.endsWith("IN IP4 " + INSIDE) || nullAddressAllowed && line.equals("c=IN IP4 0.0.0.0"),
                    () -> "the PBX was told of an address not the SBC's inside one: " + line + "\n" + seen.pbxSaw());
        }
        for (String line : addressLines(seen.phoneSaw())) {
            assertTrue(line.endsWith("IN IP4 " + OUTSIDE) || nullAddressAllowed && line.equals("c=IN IP4 0.0.0.0"),
                    () -> "the phone was told of an address not the SBC's outside one: " + line + "\n"
                            + seen.phoneSaw());
        }
        for (String leak : List.of(PHONE, "alice-phone")) {
            assertFalse(seen.pbxSaw().contains(leak), () -> leak + " reached the PBX:\n" + seen.pbxSaw());
        }
        for (String leak : List.of(PBX, "pbx-owner")) {
            assertFalse(seen.phoneSaw().contains(leak), () -> leak + " reached the phone:\n" + seen.phoneSaw());
        }
    }

    /** Within {@link #TIMEOUT_WINDOW}, the SBC ends the call with a BYE to each side; both are answered. */
    private static void assertEndedForSilence(Call call) throws Exception {
        Optional<SipMsg> toPbx = call.callee().peer.poll(
                m -> m.isRequest("BYE") && m.callId().equals(call.callee().callId), TIMEOUT_WINDOW);
        assertTrue(toPbx.isPresent(), "no BYE reached the PBX within " + TIMEOUT_WINDOW + " of silence");
        call.callee().answer(toPbx.get(), 200, "OK", "", "", "");
        SipMsg toPhone = call.caller().expect("BYE");
        call.caller().answer(toPhone, 200, "OK", "", "", "");
    }

    /** Silence for the whole {@link #TIMEOUT_WINDOW}, longer than the media timeout, and the call is still up. */
    private static void assertOutlastsTheMediaTimeout(Call call) throws Exception {
        long started = System.nanoTime();
        Optional<SipMsg> toPbx = call.callee().peer.poll(
                m -> m.isRequest("BYE") && m.callId().equals(call.callee().callId), TIMEOUT_WINDOW);
        assertTrue(System.nanoTime() - started > Duration.ofSeconds(TIMEOUT_SECONDS).toNanos(), "waited too little");
        assertTrue(toPbx.isEmpty(), "the SBC ended a call on hold for its silence:\n" + toPbx.map(SipMsg::head)
                .orElse(""));
        Optional<SipMsg> toPhone = call.caller().peer.poll(
                m -> m.isRequest("BYE") && m.callId().equals(call.caller().callId), Duration.ofMillis(100));
        assertTrue(toPhone.isEmpty(), "the SBC ended a call on hold for its silence (BYE to the phone)");
        // That the call is still there, with its relay session, the resume that follows shows: a
        // re-INVITE in a call the SBC ended would get a 481, and audio would have no ports to take.
    }

    /** Every call's relay session is closed (its ports back in the pool) within 5 s. */
    private static void awaitNoMediaSessions() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (sbc.b2bua().state().mediaSessions() != 0) {
            assertTrue(System.nanoTime() - deadline < 0, "a relay session outlived its call: " + sbc.b2bua().state());
            Thread.sleep(20);
        }
    }

    private static void hangUp(Call call) throws Exception {
        call.caller().send("BYE", "", "", "");
        SipMsg bye = call.callee().expect("BYE");
        call.callee().answer(bye, 200, "OK", "", "", "");
        assertEquals(200, call.caller().finalResponse("BYE").status());
    }

    @Test
    void endsASilentCallAfterTheMediaTimeout() throws Exception {
        try (SipPeer phone = phone(5062);
                SipPeer pbx = pbx();
                DatagramSocket phoneRtp = rtpSocket(PHONE, 43_000);
                DatagramSocket pbxRtp = rtpSocket(PBX, 53_000)) {
            Call call = call(phone, pbx, 43_000, 53_000);
            assertAudioBothWays(phoneRtp, call.relayForPhone(), pbxRtp, call.relayForPbx(), 1);

            assertEndedForSilence(call);
        }
        awaitNoMediaSessions();
    }

    @Test
    void holdsWithSendonlyPastTheMediaTimeoutAndResumesWithAudioBothWays() throws Exception {
        try (SipPeer phone = phone(5064);
                SipPeer pbx = pbx();
                DatagramSocket phoneRtp = rtpSocket(PHONE, 43_010);
                DatagramSocket pbxRtp = rtpSocket(PBX, 53_010)) {
            Call call = call(phone, pbx, 43_010, 53_010);
            assertAudioBothWays(phoneRtp, call.relayForPhone(), pbxRtp, call.relayForPbx(), 1);

            Exchange hold = phoneOffers(call, "INVITE", phoneSdp(PHONE, 2, 43_010, "sendonly"),
                    pbxSdp(2, 53_010, "recvonly"));
            assertEquals(List.of("a=sendonly"), directions(hold.pbxSaw()), hold.pbxSaw());
            assertEquals(List.of("a=recvonly"), directions(hold.phoneSaw()), hold.phoneSaw());
            assertNamesOnlyTheSbc(hold, false);
            assertEquals(call.relayForPbx(), relay(hold.pbxSaw()), "the PBX keeps its relay port on hold");
            assertEquals(call.relayForPhone(), relay(hold.phoneSaw()), "the phone keeps its relay port on hold");
            // The holder may still send (music on hold): sendonly is a direction, not a mute.
            assertRelayed("music on hold", phoneRtp, call.relayForPhone(), pbxRtp, rtp(2, 0x11111111, (byte) 'm'));

            assertOutlastsTheMediaTimeout(call);

            Exchange resume = phoneOffers(call, "INVITE", phoneSdp(PHONE, 3, 43_010, "sendrecv"),
                    pbxSdp(3, 53_010, "sendrecv"));
            assertEquals(List.of("a=sendrecv"), directions(resume.pbxSaw()), resume.pbxSaw());
            assertEquals(List.of("a=sendrecv"), directions(resume.phoneSaw()), resume.phoneSaw());
            assertNamesOnlyTheSbc(resume, false);
            assertAudioBothWays(phoneRtp, relay(resume.phoneSaw()), pbxRtp, relay(resume.pbxSaw()), 3);

            // Resumed, the media clock runs again: silence now ends the call.
            assertEndedForSilence(call);
        }
        awaitNoMediaSessions();
    }

    @Test
    void holdsWithTheNullAddressPastTheMediaTimeoutAndResumesWithAudioBothWays() throws Exception {
        try (SipPeer phone = phone(5066);
                SipPeer pbx = pbx();
                DatagramSocket phoneRtp = rtpSocket(PHONE, 43_020);
                DatagramSocket pbxRtp = rtpSocket(PBX, 53_020)) {
            Call call = call(phone, pbx, 43_020, 53_020);
            assertAudioBothWays(phoneRtp, call.relayForPhone(), pbxRtp, call.relayForPbx(), 1);

            // RFC 2543 hold: the phone's stream points at no address; the PBX answers as usual.
            Exchange hold = phoneOffers(call, "INVITE", phoneSdp("0.0.0.0", 2, 43_020, ""),
                    pbxSdp(2, 53_020, "sendrecv"));
            assertTrue(hold.pbxSaw().contains("\r\nc=IN IP4 0.0.0.0\r\n"),
                    "the PBX must still see the hold:\n" + hold.pbxSaw());
            assertEquals(List.of(), directions(hold.pbxSaw()), "no direction invented: " + hold.pbxSaw());
            assertFalse(hold.phoneSaw().contains("0.0.0.0"), "the answer is no hold: " + hold.phoneSaw());
            assertEquals(List.of("a=sendrecv"), directions(hold.phoneSaw()), hold.phoneSaw());
            assertNamesOnlyTheSbc(hold, true);
            assertEquals(call.relayForPhone(), relay(hold.phoneSaw()), "the phone keeps its relay port on hold");
            // The PBX's audio has nowhere to go while the phone points at no address.
            RtpProbe.send(pbxRtp, rtp(2, 0x22222222, (byte) 'h'), call.relayForPbx());
            assertTrue(silentFor(phoneRtp, 300), "audio reached a phone on hold with c=0.0.0.0");

            assertOutlastsTheMediaTimeout(call);

            Exchange resume = phoneOffers(call, "INVITE", phoneSdp(PHONE, 3, 43_020, "sendrecv"),
                    pbxSdp(3, 53_020, "sendrecv"));
            assertFalse(resume.pbxSaw().contains("0.0.0.0"), "the hold ended: " + resume.pbxSaw());
            assertNamesOnlyTheSbc(resume, false);
            assertAudioBothWays(phoneRtp, relay(resume.phoneSaw()), pbxRtp, relay(resume.pbxSaw()), 3);

            hangUp(call);
        }
        awaitNoMediaSessions();
    }

    @Test
    void showsThePhoneAHoldByThePbxWithTheNullAddressAndResumes() throws Exception {
        try (SipPeer phone = phone(5070);
                SipPeer pbx = pbx();
                DatagramSocket phoneRtp = rtpSocket(PHONE, 43_040);
                DatagramSocket pbxRtp = rtpSocket(PBX, 53_040)) {
            Call call = call(phone, pbx, 43_040, 53_040);
            assertAudioBothWays(phoneRtp, call.relayForPhone(), pbxRtp, call.relayForPbx(), 1);

            call.callee().send("INVITE", "", "application/sdp", sdp("IP4", PBX, "0.0.0.0", "pbx-owner", 2, 53_040, ""));
            SipMsg hold = call.caller().expect("INVITE");
            assertTrue(hold.body().contains("\r\nc=IN IP4 0.0.0.0\r\n"),
                    "the phone must still see the PBX's hold:\n" + hold.body());
            assertEquals(call.relayForPhone(), relay(hold.body()), "the phone keeps its relay port on hold");
            call.caller().answer(hold, 200, "OK", "", "application/sdp", phoneSdp(PHONE, 2, 43_040, "sendrecv"));
            SipMsg held = call.callee().finalResponse("INVITE");
            assertEquals(200, held.status(), held.head());
            assertNamesOnlyTheSbc(new Exchange(held.body(), hold.body()), true);
            call.callee().ack(call.callee().cseq);
            call.caller().expect("ACK");

            call.callee().send("INVITE", "", "application/sdp", pbxSdp(3, 53_040, "sendrecv"));
            SipMsg resume = call.caller().expect("INVITE");
            assertFalse(resume.body().contains("0.0.0.0"), "the hold ended: " + resume.body());
            call.caller().answer(resume, 200, "OK", "", "application/sdp", phoneSdp(PHONE, 3, 43_040, "sendrecv"));
            SipMsg resumed = call.callee().finalResponse("INVITE");
            assertEquals(200, resumed.status(), resumed.head());
            Exchange seen = new Exchange(resumed.body(), resume.body());
            assertNamesOnlyTheSbc(seen, false);
            call.callee().ack(call.callee().cseq);
            call.caller().expect("ACK");
            assertAudioBothWays(phoneRtp, relay(resume.body()), pbxRtp, relay(resumed.body()), 3);

            hangUp(call);
        }
        awaitNoMediaSessions();
    }

    @Test
    void followsThePhoneToTheNewRtpPortOfAnUpdate() throws Exception {
        try (SipPeer phone = phone(5068);
                SipPeer pbx = pbx();
                DatagramSocket phoneRtp = rtpSocket(PHONE, 43_030);
                DatagramSocket phoneMoved = rtpSocket(PHONE, 43_032);
                DatagramSocket pbxRtp = rtpSocket(PBX, 53_030)) {
            Call call = call(phone, pbx, 43_030, 53_030);
            assertAudioBothWays(phoneRtp, call.relayForPhone(), pbxRtp, call.relayForPbx(), 1);

            Exchange update = phoneOffers(call, "UPDATE", phoneSdp(PHONE, 2, 43_032, "sendrecv"),
                    pbxSdp(2, 53_030, "sendrecv"));
            assertNamesOnlyTheSbc(update, false);
            assertFalse(update.pbxSaw().contains("43032"), "the phone's new port reached the PBX: " + update.pbxSaw());
            assertEquals(call.relayForPbx(), relay(update.pbxSaw()),
                    "the PBX keeps its relay port: the phone moving is the SBC's business");
            InetSocketAddress relayForPhone = relay(update.phoneSaw());

            // The PBX speaks first: its audio goes where the UPDATE said, not to the old latch.
            assertRelayed("PBX to the phone's new port", pbxRtp, call.relayForPbx(), phoneMoved,
                    rtp(2, 0x22222222, (byte) 'u'));
            assertTrue(silentFor(phoneRtp, 300), "audio still went to the port the phone left");
            assertRelayed("phone's new port to PBX", phoneMoved, relayForPhone, pbxRtp, rtp(1, 0x33333333, (byte) 'v'));

            hangUp(call);
        }
        awaitNoMediaSessions();
    }
}
