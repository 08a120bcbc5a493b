package org.sbc.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.MediaConfig;
import org.sbc.core.media.CallMedia.Outcome;
import org.sbc.core.media.CallMedia.Result;

/** Offer/answer through a real relay on loopback: what takes effect when. */
class CallMediaTest {

    private static final String OUTSIDE = "127.0.64.1";
    private static final String INSIDE = "127.0.64.11";
    private static final String PHONE = "127.0.64.2";
    private static final String PBX = "127.0.64.3";
    private static final Pattern PORT = Pattern.compile("(?m)^m=audio (\\d+) ");

    private MediaAnchoring anchoring;

    private MediaAnchoring start(int portMin, int portMax) throws IOException {
        anchoring = MediaAnchoring.start(MediaConfig.DEFAULT.withPorts(portMin, portMax),
                InetAddress.getByName(OUTSIDE), InetAddress.getByName(INSIDE));
        return anchoring;
    }

    @AfterEach
    void stop() {
        if (anchoring != null) {
            anchoring.close();
        }
    }

    private static String sdp(String ip, int port) {
        return "v=0\r\no=- 1 1 IN IP4 " + ip + "\r\ns=-\r\nc=IN IP4 " + ip + "\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP 0\r\na=sendrecv\r\n";
    }

    private static int port(Result result) {
        assertEquals(Outcome.ANCHORED, result.outcome());
        Matcher m = PORT.matcher(result.sdp());
        assertTrue(m.find(), result.sdp());
        return Integer.parseInt(m.group(1));
    }

    @Test
    void aRefusedReofferLeavesTheMediaThatWasRunning() throws Exception {
        CallMedia media = start(32_000, 32_099).open(() -> { }).orElseThrow();
        try (DatagramSocket phone = socket(PHONE, 41_000); DatagramSocket pbxOld = socket(PBX, 51_000);
                DatagramSocket pbxNew = socket(PBX, 51_002)) {
            int towardsPbx = port(media.offer(true, sdp(PHONE, 41_000)));
            int towardsPhone = port(media.answer(false, sdp(PBX, 51_000), false));

            port(media.offer(false, sdp(PBX, 51_002))); // a re-INVITE from the PBX moving its media
            media.rejected(); // the phone answered 488

            send(phone, new InetSocketAddress(OUTSIDE, towardsPhone));
            assertTrue(received(pbxOld), "the old media keeps running");
            assertTrue(!received(pbxNew), "nothing goes where a refused offer pointed");
            assertTrue(towardsPbx > 0);
        } finally {
            media.close();
        }
    }

    @Test
    void takesAnOfferInTheAnswerOnlyWhenItIsAnswered() throws Exception {
        CallMedia media = start(32_100, 32_199).open(() -> { }).orElseThrow();
        try (DatagramSocket phone = socket(PHONE, 41_010); DatagramSocket pbxOld = socket(PBX, 51_010);
                DatagramSocket pbxNew = socket(PBX, 51_012)) {
            port(media.offer(true, sdp(PHONE, 41_010)));
            int towardsPhone = port(media.answer(false, sdp(PBX, 51_010), false));

            port(media.offer(false, sdp(PBX, 51_012)));
            port(media.answer(true, sdp(PHONE, 41_010), false));

            send(phone, new InetSocketAddress(OUTSIDE, towardsPhone));
            assertTrue(received(pbxNew), "an answered re-offer moves the media");
        } finally {
            media.close();
        }
    }

    @Test
    void refusesWhatIsNotSdpAndCallsBeyondThePorts() throws Exception {
        MediaAnchoring small = start(32_200, 32_203); // two pairs per address
        CallMedia first = small.open(() -> { }).orElseThrow();
        CallMedia second = small.open(() -> { }).orElseThrow();
        CallMedia third = small.open(() -> { }).orElseThrow();
        try {
            assertEquals(Outcome.NOT_ACCEPTABLE, first.offer(true, "not an sdp").outcome());
            port(first.offer(true, sdp(PHONE, 41_020)));
            port(second.offer(true, sdp(PHONE, 41_022)));
            assertEquals(Outcome.NO_PORTS, third.offer(true, sdp(PHONE, 41_024)).outcome());
        } finally {
            first.close();
            second.close();
            third.close();
        }
        assertEquals(0, small.activeSessions());
    }

    private static DatagramSocket socket(String ip, int port) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), port));
        socket.setSoTimeout(500);
        return socket;
    }

    private static void send(DatagramSocket from, InetSocketAddress to) throws IOException {
        byte[] rtp = new byte[172];
        rtp[0] = (byte) 0x80;
        rtp[11] = 7;
        from.send(new DatagramPacket(rtp, rtp.length, to));
    }

    private static boolean received(DatagramSocket socket) throws IOException {
        try {
            socket.receive(new DatagramPacket(new byte[2048], 2048));
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    void endsASilentCallButNotOneOnHold() throws Exception {
        anchoring = MediaAnchoring.start(new MediaConfig(true, 32_300, 32_399, MediaConfig.Latching.LATCH, MediaConfig.Relatch.SSRC, 1, 10, 10, 1,
                MediaConfig.MediaSide.of(MediaConfig.SrtpPolicy.OPTIONAL), MediaConfig.MediaSide.of(MediaConfig.SrtpPolicy.OFF)),
                InetAddress.getByName(OUTSIDE), InetAddress.getByName(INSIDE));
        java.util.concurrent.atomic.AtomicInteger timeouts = new java.util.concurrent.atomic.AtomicInteger();
        CallMedia media = anchoring.open(timeouts::incrementAndGet).orElseThrow();
        try {
            port(media.offer(true, sdp(PHONE, 41_030)));
            port(media.answer(false, sdp(PBX, 51_030).replace("a=sendrecv", "a=inactive"), false));
            long until = System.nanoTime() + 2_500_000_000L;
            while (System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertEquals(0, timeouts.get(), "two and a half timeouts on hold: agreed silence");

            port(media.offer(true, sdp(PHONE, 41_030)));
            port(media.answer(false, sdp(PBX, 51_030), false));
            long deadline = System.nanoTime() + 4_000_000_000L;
            while (timeouts.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, timeouts.get(), "resumed, and still silent: the phone is gone");
        } finally {
            media.close();
        }
    }

    @Test
    void letsACallRingWithEarlyMediaAndStartsTheClockAtTheAnswer() throws Exception {
        anchoring = MediaAnchoring.start(new MediaConfig(true, 32_400, 32_499, MediaConfig.Latching.LATCH, MediaConfig.Relatch.SSRC, 1, 10, 10, 1,
                MediaConfig.MediaSide.of(MediaConfig.SrtpPolicy.OPTIONAL), MediaConfig.MediaSide.of(MediaConfig.SrtpPolicy.OFF)),
                InetAddress.getByName(OUTSIDE), InetAddress.getByName(INSIDE));
        java.util.concurrent.atomic.AtomicInteger timeouts = new java.util.concurrent.atomic.AtomicInteger();
        CallMedia media = anchoring.open(timeouts::incrementAndGet).orElseThrow();
        try {
            port(media.offer(true, sdp(PHONE, 41_040)));
            port(media.answer(false, sdp(PBX, 51_040), true)); // a 183 with SDP, and no ringback sent
            long until = System.nanoTime() + 2_500_000_000L;
            while (System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertEquals(0, timeouts.get(), "a ringing call is not a vanished phone");

            media.confirmed();
            long deadline = System.nanoTime() + 4_000_000_000L;
            while (timeouts.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, timeouts.get(), "answered, and silent: the timeout runs");
        } finally {
            media.close();
        }
    }

    @Test
    void namesTheAdvertisedAddressAndNeverSendsToIt() throws Exception {
        MediaConfig config = MediaConfig.DEFAULT.withPorts(32_500, 32_599);
        config = new MediaConfig(true, config.portMin(), config.portMax(), config.latching(), config.relatch(), 60, 10, 10, 1,
                new MediaConfig.MediaSide(MediaConfig.SrtpPolicy.OPTIONAL, Optional.empty(),
                        Optional.of(InetAddress.getByName("203.0.113.10"))),
                MediaConfig.MediaSide.of(MediaConfig.SrtpPolicy.OFF));
        anchoring = MediaAnchoring.start(config, InetAddress.getByName(OUTSIDE), InetAddress.getByName(INSIDE));
        CallMedia media = anchoring.open(() -> { }).orElseThrow();
        try (DatagramSocket pbx = socket(PBX, 51_030)) {
            Result offer = media.offer(false, sdp(PBX, 51_030));
            assertTrue(offer.sdp().contains("c=IN IP4 203.0.113.10\r\n"), offer.sdp());
            assertTrue(offer.sdp().startsWith("v=0\r\no=- ") && offer.sdp().contains(" IN IP4 203.0.113.10\r\n"),
                    offer.sdp());
            Result answer = media.answer(true, sdp("203.0.113.10", 41_030), false);
            assertEquals(Outcome.ANCHORED, answer.outcome());
            assertTrue(answer.sdp().contains("c=IN IP4 " + INSIDE + "\r\n"), "the inside sees the bound address");

            // The phone's SDP named the SBC's own public address: nothing is sent there, so the
            // PBX's packets find no destination on the outside rather than loop through the NAT.
            send(pbx, new InetSocketAddress(INSIDE, port(answer)));
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (media.stats().get(0).bToA().unroutable() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, media.stats().get(0).bToA().unroutable(), "the PBX's packet had nowhere to go");
            assertEquals(0, media.stats().get(0).bToA().packets(), "nothing relayed towards the SBC's own address");
        } finally {
            media.close();
        }
    }

    @Test
    void relaysACallHairpinnedThroughThePbxFromOneInsideLegToTheOther() throws Exception {
        start(32_600, 32_699);
        // alice (outside) -> SBC -> PBX -> SBC -> bob (outside): two calls, whose inside SDPs the
        // PBX hands across, so each inside leg is told to send to the other's inside port.
        CallMedia fromAlice = anchoring.open(() -> { }).orElseThrow();
        CallMedia toBob = anchoring.open(() -> { }).orElseThrow();
        try (DatagramSocket alice = socket(PHONE, 41_040); DatagramSocket bob = socket("127.0.64.4", 41_042)) {
            Result offerToPbx = fromAlice.offer(true, sdp(PHONE, 41_040));
            Result offerToBob = toBob.offer(false, sdp(INSIDE, port(offerToPbx)));
            Result answerToPbx = toBob.answer(true, sdp("127.0.64.4", 41_042), false);
            int aliceSends = port(fromAlice.answer(false, sdp(INSIDE, port(answerToPbx)), false));

            send(alice, new InetSocketAddress(OUTSIDE, aliceSends));
            assertTrue(received(bob), "alice's packet crossed both calls to bob");
            send(bob, new InetSocketAddress(OUTSIDE, port(offerToBob)));
            assertTrue(received(alice), "bob's packet crossed both calls to alice");
        } finally {
            fromAlice.close();
            toBob.close();
        }
    }

    @Test
    void neverSendsTheOutsideLegToTheInsideAddress() throws Exception {
        start(32_700, 32_799);
        CallMedia media = anchoring.open(() -> { }).orElseThrow();
        try (DatagramSocket pbx = socket(PBX, 51_050)) {
            Result offer = media.offer(false, sdp(PBX, 51_050));
            // A phone answering with the SBC's inside address and a relay port: refused, or
            // media could cycle between two sessions' ports.
            media.answer(true, sdp(INSIDE, 32_700), false);
            send(pbx, new InetSocketAddress(INSIDE, port(offer)));
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (media.stats().get(0).bToA().unroutable() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, media.stats().get(0).bToA().unroutable(), "the PBX's packet had nowhere to go");
        } finally {
            media.close();
        }
    }
}
