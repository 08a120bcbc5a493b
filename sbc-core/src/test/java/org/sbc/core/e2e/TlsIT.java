package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sbc.core.SbcServer;
import org.sbc.core.metrics.Counter;
import org.sbc.core.testing.TestCertificates;

/**
 * SIP over TLS end to end: a TLS phone (sipp behind stunnel, and baresip) calling through the SBC to
 * a UDP PBX and called back on the connection it registered on, and the listener's defences: the
 * handshake deadline, the per-source cap that a handshake flood meets, TLS 1.1 and plain TCP refused.
 * The server is started from a YAML file whose certificate paths are relative to it.
 */
class TlsIT {

    private static final String SBC = "127.0.12.1";
    private static final String SBC_INSIDE = "127.0.12.2";
    private static final int TLS_PORT = 27061;
    private static final String PBX = "127.0.12.20";
    private static final int PBX_PORT = 27090;
    private static final String TUNNEL = "127.0.12.30";
    private static final String CALLER = "127.0.12.31";
    private static final String BARESIP = "127.0.12.32";
    /** Sources of the raw-socket tests, one each, so their connections count against no one else. */
    private static final String STALLER = "127.0.12.40";
    private static final String FLOODER = "127.0.12.41";
    private static final String PLAIN = "127.0.12.42";
    private static final int PER_SOURCE = 4;
    private static final Duration READY_WITHIN = Duration.ofSeconds(5);

    private static Path dir;
    private static Path certificate;
    private static Path voiceCertificate;
    private static SbcServer sbc;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("sbc-tls-it");
        Path certs = Files.createDirectories(dir.resolve("certs"));
        certificate = TestCertificates.selfSigned(certs, "sbc", SBC).cert();
        voiceCertificate = TestCertificates.selfSignedFor(certs, "voice", "DNS:voice.example.test").cert();
        sbc = TestServers.startFromYaml(dir,
                "outside:",
                "  listen: [tls:" + SBC + ":" + TLS_PORT + "]",
                "  tls:",
                "    certificate: certs/sbc.pem",
                "    key: certs/sbc.key",
                "    handshake_timeout_seconds: 2",
                "    sni: [{ certificate: certs/voice.pem, key: certs/voice.key }]",
                "inside:",
                "  listen: [udp:" + SBC_INSIDE + ":27070]",
                "  pbx: sip:" + PBX + ":" + PBX_PORT,
                "admin:",
                "  listen: " + SBC + ":27080",
                "limits:",
                "  tcp_connections_per_source: " + PER_SOURCE,
                "media:",
                "  ports: 27400-27599");
    }

    @AfterAll
    static void stop() {
        if (sbc != null) {
            sbc.close();
        }
    }

    @Test
    void tlsCallerReachesUdpPbxAndGetsTlsContact() throws Exception {
        long handshakes = counter(Counter.TLS_HANDSHAKES_COMPLETED);
        String ok = callThroughTunnel("-sn uac", 27030);
        assertTrue(ok.matches("(?s).*\nContact: <sip:[^@>]+@" + SBC.replace(".", "\\.") + ":" + TLS_PORT
                + ";transport=tls>.*"), "our Contact on the TLS side names the TLS listener:\n" + ok);
        assertTrue(counter(Counter.TLS_HANDSHAKES_COMPLETED) > handshakes);
    }

    @Test
    void sipsCallerGetsSipsContact() throws Exception {
        String ok = callThroughTunnel("uac_sips.xml", 27031); // the scenario itself fails on a sip: Contact
        assertTrue(ok.matches("(?s).*\nContact: <sips:[^@>]+@" + SBC.replace(".", "\\.") + ":" + TLS_PORT
                + ">.*"), "sips Contact without transport parameter:\n" + ok);
    }

    /** One call from sipp through a stunnel client to the UDP PBX; the 200's headers as the caller saw them. */
    private static String callThroughTunnel(String scenario, int tunnelPort) throws Exception {
        SippRun pbx = SippRun.start("-sn uas", PBX, PBX_PORT, "u1", "", List.of()).awaitListening(READY_WITHIN);
        try (Stunnel tunnel = Stunnel.client(dir.resolve("stunnel-" + tunnelPort), TUNNEL, tunnelPort, SBC, TLS_PORT,
                certificate)) {
            SippRun caller = SippRun.start(scenario, CALLER, 0, "t1", TUNNEL + ":" + tunnelPort, List.of());
            try {
                caller.assertSucceeds("caller over TLS (" + scenario + ")");
                pbx.assertSucceeds("UDP PBX");
            } finally {
                caller.stop();
            }
            return caller.receivedHeaders().stream().filter(h -> h.startsWith("SIP/2.0 200")).findFirst()
                    .orElseThrow(() -> new AssertionError("the caller received no 200"));
        } finally {
            pbx.stop();
        }
    }

    @Test
    void phoneRegisteredOverTlsIsCalledBackOnItsConnection() throws Exception {
        SippRun pbx = SippRun.start("pbx_registrar_then_call.xml", PBX, PBX_PORT, "u1", "", List.of())
                .awaitListening(READY_WITHIN);
        try (BaresipPhone phone = BaresipPhone.startTls(dir.resolve("baresip"), "alice@" + SBC, "secret", BARESIP,
                new InetSocketAddress(SBC, TLS_PORT), certificate, "27600-27699")) {
            pbx.assertSucceeds("PBX registrar calling the phone registered over TLS");
            phone.expect(BaresipPhone.CALL_ESTABLISHED, Duration.ofSeconds(5), "baresip never answered over TLS");
        } finally {
            pbx.stop();
        }
    }

    @Test
    void handshakeThatNeverCompletesIsCutAtTheDeadline() throws Exception {
        long timedOut = counter(Counter.TLS_HANDSHAKES_TIMED_OUT);
        try (Socket socket = connectFrom(STALLER)) {
            long started = System.nanoTime();
            assertEquals(-1, readWithin(socket, Duration.ofSeconds(6)), "closed without a byte");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(waited >= 1_800 && waited < 5_000, "closed after the 2 s deadline, not " + waited + " ms");
        }
        awaitAbove(() -> counter(Counter.TLS_HANDSHAKES_TIMED_OUT), timedOut);
    }

    @Test
    void handshakeFloodMeetsThePerSourceConnectionCap() throws Exception {
        long refused = counter(Counter.TCP_CONNECTIONS_REFUSED);
        long accepted = counter(Counter.TCP_CONNECTIONS_ACCEPTED);
        List<Socket> stalled = new ArrayList<>();
        try {
            // Connections that never start their handshake, each holding a slot until the 2 s deadline.
            for (int i = 0; i < PER_SOURCE; i++) {
                stalled.add(connectFrom(FLOODER));
            }
            awaitAbove(() -> counter(Counter.TCP_CONNECTIONS_ACCEPTED), accepted + PER_SOURCE - 1);
            try (Socket oneTooMany = connectFrom(FLOODER)) {
                long started = System.nanoTime();
                assertEquals(-1, readWithin(oneTooMany, Duration.ofSeconds(5)));
                assertTrue(System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(1_500),
                        "refused at once, not at the handshake deadline");
            }
            awaitAbove(() -> counter(Counter.TCP_CONNECTIONS_REFUSED), refused);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void plainSipOnTheTlsPortGetsNothingAndIsClosed() throws Exception {
        long failed = counter(Counter.TLS_HANDSHAKES_FAILED);
        try (Socket socket = connectFrom(PLAIN)) {
            socket.getOutputStream().write(("OPTIONS sip:" + SBC + " SIP/2.0\r\nVia: SIP/2.0/TCP " + PLAIN
                    + ":5060;branch=z9hG4bK1\r\nFrom: <sip:a@" + PLAIN + ">;tag=1\r\nTo: <sip:" + SBC
                    + ">\r\nCall-ID: plain@tls\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertEquals(-1, readWithin(socket, Duration.ofSeconds(3)), "no SIP answer, no TLS alert: closed");
        }
        awaitAbove(() -> counter(Counter.TLS_HANDSHAKES_FAILED), failed);
    }

    @Test
    void tls11IsRefusedWhileTls12And13Succeed() throws Exception {
        OpenSslClient.Result tls11 = OpenSslClient.connect(SBC, TLS_PORT, "-tls1_1", certificate);
        assertNotEquals(0, tls11.exitCode(), "TLS 1.1 handshake must fail:\n" + tls11.output());
        assertTrue(tls11.output().contains("alert protocol version") || tls11.output().contains("handshake failure"),
                "the server refused the version:\n" + tls11.output());
        OpenSslClient.Result tls12 = OpenSslClient.connect(SBC, TLS_PORT, "-tls1_2", certificate);
        assertTrue(tls12.output().contains("Protocol version: TLSv1.2")
                && tls12.output().matches("(?s).*Ciphersuite: ECDHE-(ECDSA|RSA)-(AES\\d+-GCM|CHACHA20).*")
                && tls12.output().contains("Verification: OK"), tls12.output());
        OpenSslClient.Result tls13 = OpenSslClient.connect(SBC, TLS_PORT, "-tls1_3", certificate);
        assertTrue(tls13.output().contains("Protocol version: TLSv1.3")
                && tls13.output().contains("Verification: OK"), tls13.output());
    }

    @Test
    void certificateIsChosenByTheNameTheClientAsksFor() throws Exception {
        OpenSslClient.Result voice = OpenSslClient.connectAsking(SBC, TLS_PORT, "voice.example.test", voiceCertificate);
        assertTrue(voice.output().contains("Peer certificate: CN = voice")
                && voice.output().contains("Verification: OK"), voice.output());
        OpenSslClient.Result other = OpenSslClient.connectAsking(SBC, TLS_PORT, "other.example.test", certificate);
        assertTrue(other.output().contains("Peer certificate: CN = sbc"), "the default for any other name:\n"
                + other.output());
    }

    private static long counter(Counter counter) {
        return sbc.counters().get(counter);
    }

    private static Socket connectFrom(String ip) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(ip, 0));
        socket.connect(new InetSocketAddress(SBC, TLS_PORT), 2_000);
        return socket;
    }

    /** The first byte read, or -1 at end of stream; fails if neither comes within {@code within}. */
    private static int readWithin(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        InputStream in = socket.getInputStream();
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("still open after " + within);
        } catch (java.net.SocketException reset) {
            return -1; // a reset closes it as surely as a FIN does
        }
    }

    private static void awaitAbove(LongSupplier value, long before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (value.getAsLong() <= before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(value.getAsLong() > before, "counter still " + value.getAsLong());
    }
}
