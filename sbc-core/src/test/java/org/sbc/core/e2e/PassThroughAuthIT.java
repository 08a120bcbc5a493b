package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.metrics.Counter;

/**
 * Pass-through digest auth: the PBX challenges and refuses; the SBC counts the refusals of
 * requests that carried credentials, blocks the (source, username) and then bans the source.
 * The PBX here is a small UDP peer that answers every REGISTER 401, as a registrar does for a
 * wrong password.
 */
class PassThroughAuthIT {

    private static final String SBC_IP = "127.0.8.1";
    private static final String PBX_IP = "127.0.8.20";
    private static final String PHONE_IP = "127.0.8.30";

    @Test
    void countsOnlyCredentialedRefusalsThenBlocksTheUserThenBansTheSource(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sbc.yaml"), """
                outside:
                  listen: [udp:%1$s:5060]
                inside:
                  listen: [udp:127.0.8.12:5070]
                  pbx: sip:%2$s:5080
                admin:
                  listen: %1$s:18405
                security:
                  ban:
                    state_file: %3$s
                  auth:
                    failures:
                      per_user: 2
                      per_source: 4
                """.formatted(SBC_IP, PBX_IP, dir.resolve("bans.json")));
        AtomicInteger seenByPbx = new AtomicInteger();
        try (DatagramSocket pbx = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(PBX_IP), 5080));
                SbcServer sbc = SbcServer.start(ConfigLoader.load(file), Optional.of(file));
                SipClient phone = new SipClient(PHONE_IP, new InetSocketAddress(SBC_IP, 5060))) {
            Thread registrar = new Thread(() -> answerEveryRegister401(pbx, seenByPbx), "fake-registrar");
            registrar.setDaemon(true);
            registrar.start();

            assertEquals("401", status(phone, register(phone, 1, null)), "the first challenge is relayed");
            assertEquals(0, sbc.counters().get(Counter.AUTH_FAILED), "a challenge without credentials is no evidence");

            assertEquals("401", status(phone, register(phone, 2, "alice")));
            assertEquals("401", status(phone, register(phone, 3, "alice")));
            assertEquals(2, sbc.counters().get(Counter.AUTH_FAILED));
            int pbxBefore = seenByPbx.get();
            assertEquals("403", status(phone, register(phone, 4, "alice")), "alice from here is blocked");
            assertEquals(pbxBefore, seenByPbx.get(), "a blocked user's request never reaches the PBX");

            assertEquals("401", status(phone, register(phone, 5, "bob")));
            assertTrue(sbc.bans().isBanned(InetAddress.getByName(PHONE_IP)), "over per_source: banned");
            assertEquals("", status(phone, register(phone, 6, "carol")), "a banned source gets no answer");
            pbx.close();
        }
    }

    private static String status(SipClient phone, String register) throws Exception {
        phone.send(register.getBytes(StandardCharsets.US_ASCII));
        Optional<String> answer = phone.receive(2_000);
        return answer.map(a -> a.substring(8, 11)).orElse("");
    }

    private static String register(SipClient phone, int cseq, String username) {
        String local = phone.localAddress();
        return "REGISTER sip:" + SBC_IP + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + local + ";branch=z9hG4bKpt" + cseq + ";rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:alice@" + SBC_IP + ">;tag=pt\r\n"
                + "To: <sip:alice@" + SBC_IP + ">\r\nCall-ID: pass-through-auth\r\nCSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:alice@" + local + ">\r\n"
                + (username == null ? "" : "Authorization: Digest username=\"" + username + "\", realm=\"pbx\", "
                        + "nonce=\"n\", uri=\"sip:" + SBC_IP + "\", response=\"0123456789abcdef0123456789abcdef\"\r\n")
                + "Content-Length: 0\r\n\r\n";
    }

    /** A registrar that refuses every REGISTER: 401, echoing the mandatory headers. */
    private static void answerEveryRegister401(DatagramSocket socket, AtomicInteger seen) {
        byte[] buffer = new byte[8_192];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketException closed) {
                return;
            } catch (java.io.IOException e) {
                return;
            }
            String request = new String(buffer, 0, packet.getLength(), StandardCharsets.US_ASCII);
            if (!request.startsWith("REGISTER ")) {
                continue;
            }
            seen.incrementAndGet();
            StringBuilder response = new StringBuilder("SIP/2.0 401 Unauthorized\r\n");
            for (String line : request.split("\r\n")) {
                String name = line.contains(":") ? line.substring(0, line.indexOf(':')) : "";
                if (name.equals("Via") || name.equals("From") || name.equals("Call-ID") || name.equals("CSeq")) {
                    response.append(line).append("\r\n");
                } else if (name.equals("To")) {
                    response.append(line).append(";tag=pbx\r\n");
                }
            }
            response.append("WWW-Authenticate: Digest realm=\"pbx\", nonce=\"n2\", qop=\"auth\"\r\nContent-Length: 0\r\n\r\n");
            byte[] bytes = response.toString().getBytes(StandardCharsets.US_ASCII);
            try {
                socket.send(new DatagramPacket(bytes, bytes.length, packet.getSocketAddress()));
            } catch (java.io.IOException e) {
                return;
            }
        }
    }
}
