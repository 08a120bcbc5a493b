package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sbc.core.e2e.RtpProbe.addressLines;
import static org.sbc.core.e2e.RtpProbe.assertAudioBothWays;
import static org.sbc.core.e2e.RtpProbe.relay;
import static org.sbc.core.e2e.RtpProbe.rtpSocket;
import static org.sbc.core.e2e.RtpProbe.sdp;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;

/**
 * Issue 8, IPv6 media end to end on loopback: a phone on {@code ::1} whose SDP says
 * {@code c=IN IP6 ::1} calls through the SBC, RTP crosses both ways, and each side's SDP names only
 * the SBC's address on that side with that address's own addrtype: IPv6 outside and IPv4 inside
 * (each side's media is bound on its first listen address), and IPv6 on both sides.
 */
class MediaIpv6IT {

    private static final String V6 = "::1";

    /** An SBC with {@code outside} and {@code inside} listen entries, a PBX at {@code pbxUri}. */
    private static SbcServer start(String name, String outside, String inside, String pbxUri, String trusted,
            String admin, String ports) throws Exception {
        Path config = Files.writeString(Files.createTempDirectory(name).resolve("sbc.yaml"), """
                outside:
                  listen:
                    - "%s"
                inside:
                  listen:
                    - "%s"
                  pbx: "%s"
                admin:
                  listen: "%s"
                security:
                  trusted: ["%s"]
                b2bua:
                  keepalive_seconds: 0
                media:
                  ports: %s
                """.formatted(outside, inside, pbxUri, admin, trusted, ports));
        return SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(config)), Optional.of(config));
    }

    /** Where the SBC's media is on each side, and how each side's SDP must name it. */
    private record Sides(String outsideAddrtype, String outside, String insideAddrtype, String inside) {}

    /**
     * Calls from the phone ({@code ::1}, RTP at {@code phoneRtp}) to the PBX ({@code pbxIp},
     * IP4 or IP6 as {@code pbxAddrtype}, RTP at {@code pbxRtp}); checks the SDP each side got, then
     * audio both ways. The call stays up.
     */
    private static Call callWithAudio(SipPeer phone, SipPeer pbx, String sbcOutsideHost, Sides sbc,
            DatagramSocket phoneRtp, String pbxAddrtype, String pbxIp, DatagramSocket pbxRtp) throws Exception {
        SipDialog caller = SipDialog.uac(phone, "ipv6-" + System.nanoTime(), "sip:alice@" + phone.host(),
                "sip:bob@" + sbcOutsideHost, "sip:bob@" + sbcOutsideHost);
        caller.send("INVITE", "", "application/sdp",
                sdp("IP6", V6, V6, "alice-phone", 1, phoneRtp.getLocalPort(), "sendrecv"));
        SipMsg invite = pbx.expectRequest("INVITE");
        SipDialog callee = SipDialog.uas(pbx, invite, "pbx" + System.nanoTime());
        callee.answer(invite, 200, "OK", "", "application/sdp",
                sdp(pbxAddrtype, pbxIp, pbxIp, "pbx-owner", 1, pbxRtp.getLocalPort(), "sendrecv"));
        SipMsg ok = caller.finalResponse("INVITE");
        assertEquals(200, ok.status(), ok.head());
        caller.confirm(ok);
        caller.ack(1);
        pbx.expectRequest("ACK");

        assertNamesOnly("the phone", ok.body(), sbc.outsideAddrtype(), sbc.outside());
        assertNamesOnly("the PBX", invite.body(), sbc.insideAddrtype(), sbc.inside());
        for (String leak : List.of("alice-phone", Integer.toString(phoneRtp.getLocalPort()))) {
            assertFalse(invite.body().contains(leak), () -> leak + " reached the PBX:\n" + invite.body());
        }
        for (String leak : List.of("pbx-owner", Integer.toString(pbxRtp.getLocalPort()))) {
            assertFalse(ok.body().contains(leak), () -> leak + " reached the phone:\n" + ok.body());
        }

        assertAudioBothWays(phoneRtp, relay(ok.body()), pbxRtp, relay(invite.body()), 1);
        return new Call(caller, callee);
    }

    private record Call(SipDialog caller, SipDialog callee) {}

    private static void hangUp(Call call) throws Exception {
        call.caller().send("BYE", "", "", "");
        SipMsg bye = call.callee().expect("BYE");
        call.callee().answer(bye, 200, "OK", "", "", "");
        assertEquals(200, call.caller().finalResponse("BYE").status());
    }

    /** The one stream's c= line (the SBC writes one only for a stream on hold): its addrtype and address. */
    private static Optional<String[]> streamConnection(String sdp) {
        String media = sdp.substring(sdp.indexOf("\r\nm=") + 2);
        for (String line : media.split("\r\n")) {
            if (line.startsWith("c=")) {
                return Optional.of(line.substring("c=IN ".length()).split(" "));
            }
        }
        return Optional.empty();
    }

    /**
     * The o= and the c= line of {@code sdp} both name {@code address} (either way of writing it)
     * with {@code addrtype}, and no other line names an address.
     */
    private static void assertNamesOnly(String who, String sdp, String addrtype, String address) throws Exception {
        assertEquals(2, addressLines(sdp).size(), sdp);
        InetAddress expected = InetAddress.getByName(address);
        for (String line : addressLines(sdp)) {
            String[] fields = line.split(" ");
            assertTrue(fields[fields.length - 3].endsWith("IN") && fields[fields.length - 2].equals(addrtype),
                    () -> who + ": wrong addrtype in " + line + "\n" + sdp);
            // A literal of the addrtype written: getByName parses it and never resolves.
            assertEquals(expected, InetAddress.getByName(fields[fields.length - 1]),
                    () -> who + " was told of an address other than the SBC's " + address + ": " + line + "\n" + sdp);
        }
    }

    @Test
    void carriesIpv6AudioOutsideAndIpv4AudioInside() throws Exception {
        String inside = "127.0.72.31";
        String pbxIp = "127.0.72.33";
        try (SbcServer sbc = start("media-ipv6-mixed", "udp:[::1]:5272", "udp:" + inside + ":5070",
                    "sip:" + pbxIp + ":5080", pbxIp + "/32", "127.0.72.31:18473", "33100-33149");
                SipPeer phone = SipPeer.udp("alice", V6, 5274, new InetSocketAddress(V6, 5272));
                SipPeer pbx = SipPeer.udp("pbx", pbxIp, 5080, new InetSocketAddress(inside, 5070));
                DatagramSocket phoneRtp = rtpSocket(V6, 43_100);
                DatagramSocket pbxRtp = rtpSocket(pbxIp, 53_100)) {
            Call call = callWithAudio(phone, pbx, "[::1]:5272", new Sides("IP6", V6, "IP4", inside), phoneRtp, "IP4",
                    pbxIp, pbxRtp);
            hangUp(call);
            awaitNoMediaSessions(sbc);
        }
    }

    @Test
    void carriesIpv6AudioOnBothSides() throws Exception {
        try (SbcServer sbc = start("media-ipv6-both", "udp:[::1]:5276", "udp:[::1]:5278", "sip:[::1]:5280",
                    "::1/128", "127.0.72.31:18474", "33150-33199");
                SipPeer phone = SipPeer.udp("alice", V6, 5282, new InetSocketAddress(V6, 5276));
                SipPeer pbx = SipPeer.udp("pbx", V6, 5280, new InetSocketAddress(V6, 5278));
                DatagramSocket phoneRtp = rtpSocket(V6, 43_110);
                DatagramSocket pbxRtp = rtpSocket(V6, 53_110)) {
            Call call = callWithAudio(phone, pbx, "[::1]:5276", new Sides("IP6", V6, "IP6", V6), phoneRtp, "IP6", V6,
                    pbxRtp);
            hangUp(call);
            awaitNoMediaSessions(sbc);
        }
    }

    @Test
    void carriesANullAddressHoldAcrossAddressFamilies() throws Exception {
        String inside = "127.0.72.31";
        String pbxIp = "127.0.72.33";
        try (SbcServer sbc = start("media-ipv6-hold", "udp:[::1]:5284", "udp:" + inside + ":5070",
                    "sip:" + pbxIp + ":5080", pbxIp + "/32", "127.0.72.31:18475", "33100-33149");
                SipPeer phone = SipPeer.udp("alice", V6, 5286, new InetSocketAddress(V6, 5284));
                SipPeer pbx = SipPeer.udp("pbx", pbxIp, 5080, new InetSocketAddress(inside, 5070));
                DatagramSocket phoneRtp = rtpSocket(V6, 43_120);
                DatagramSocket pbxRtp = rtpSocket(pbxIp, 53_120)) {
            Sides sides = new Sides("IP6", V6, "IP4", inside);
            Call call = callWithAudio(phone, pbx, "[::1]:5284", sides, phoneRtp, "IP4", pbxIp, pbxRtp);

            // The phone holds the IPv6 way (c=IN IP6 ::); the PBX must see the IPv4 null address.
            call.caller().send("INVITE", "", "application/sdp", sdp("IP6", V6, "::", "alice-phone", 2, 43_120, ""));
            SipMsg held = call.callee().expect("INVITE");
            assertEquals(List.of("IP4", "0.0.0.0"), List.of(streamConnection(held.body()).orElseThrow(
                    () -> new AssertionError("the hold was lost on the way to the PBX:\n" + held.body()))),
                    held.body());
            assertFalse(held.body().contains("IP6"), held.body());
            call.callee().answer(held, 200, "OK", "", "application/sdp",
                    sdp("IP4", pbxIp, pbxIp, "pbx-owner", 2, 53_120, "sendrecv"));
            SipMsg ok = call.caller().finalResponse("INVITE");
            assertEquals(200, ok.status(), ok.head());
            assertNamesOnly("the phone", ok.body(), "IP6", V6);
            call.caller().ack(call.caller().cseq);
            call.callee().expect("ACK");

            // The PBX holds the old way (c=IN IP4 0.0.0.0); the phone must see the IPv6 null address.
            call.callee().send("INVITE", "", "application/sdp",
                    sdp("IP4", pbxIp, "0.0.0.0", "pbx-owner", 3, 53_120, ""));
            SipMsg heldByPbx = call.caller().expect("INVITE");
            String[] connection = streamConnection(heldByPbx.body()).orElseThrow(
                    () -> new AssertionError("the hold was lost on the way to the phone:\n" + heldByPbx.body()));
            assertEquals("IP6", connection[0], heldByPbx.body());
            assertTrue(InetAddress.getByName(connection[1]).isAnyLocalAddress(), heldByPbx.body());
            assertFalse(heldByPbx.body().contains("IP4"), heldByPbx.body());
            call.caller().answer(heldByPbx, 200, "OK", "", "application/sdp",
                    sdp("IP6", V6, V6, "alice-phone", 3, 43_120, "sendrecv"));
            SipMsg okFromPhone = call.callee().finalResponse("INVITE");
            assertEquals(200, okFromPhone.status(), okFromPhone.head());
            assertNamesOnly("the PBX", okFromPhone.body(), "IP4", inside);
            call.callee().ack(call.callee().cseq);
            call.caller().expect("ACK");

            hangUp(call);
            awaitNoMediaSessions(sbc);
        }
    }

    private static void awaitNoMediaSessions(SbcServer sbc) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (sbc.b2bua().state().mediaSessions() != 0) {
            assertTrue(System.nanoTime() - deadline < 0, "a relay session outlived its call: " + sbc.b2bua().state());
            Thread.sleep(20);
        }
    }

}
