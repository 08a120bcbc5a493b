package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sbc.core.SbcServer;
import org.sbc.core.metrics.Counter;
import org.sbc.core.testing.TestCertificates;

/**
 * A renewed certificate written over the listener's files is served to new connections within
 * seconds, while a connection opened before the renewal stays up and keeps working.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsReloadIT {

    private static final String SBC = "127.0.12.5";
    private static final int TLS_PORT = 27062;

    private static Path dir;
    private static TestCertificates.Pem first;
    private static SbcServer sbc;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("sbc-tls-reload-it");
        first = TestCertificates.selfSigned(Files.createDirectories(dir.resolve("certs")), "sbc", SBC);
        sbc = TestServers.startFromYaml(dir,
                "outside:",
                "  listen: [tls:" + SBC + ":" + TLS_PORT + "]",
                "  tls: { certificate: certs/sbc.pem, key: certs/sbc.key }",
                "inside:",
                "  listen: [udp:" + SBC + ":27072]",
                "admin:",
                "  listen: " + SBC + ":27082",
                "media:",
                "  anchor: false");
    }

    @AfterAll
    static void stop() {
        if (sbc != null) {
            sbc.close();
        }
    }

    @Test
    @Order(1)
    void renewedCertificateIsServedToNewConnectionsWithoutDroppingOpenOnes() throws Exception {
        Path original = Files.copy(first.cert(), dir.resolve("first.pem"));
        try (SSLSocket before = connect(original)) {
            before.startHandshake();
            TestCertificates.Pem renewed = TestCertificates.selfSigned(
                    Files.createDirectories(dir.resolve("renewed")), "sbc-renewed", SBC);
            long reloads = sbc.counters().get(Counter.TLS_CERTIFICATES_RELOADED);
            // Written over the files in place (as a renewal hook would), so the key keeps its 0600.
            Files.write(first.key(), Files.readAllBytes(renewed.key()));
            Files.write(first.cert(), Files.readAllBytes(renewed.cert()));
            awaitAbove(Counter.TLS_CERTIFICATES_RELOADED, reloads);

            OpenSslClient.Result after = OpenSslClient.connect(SBC, TLS_PORT, "-tls1_3", renewed.cert());
            assertTrue(after.output().contains("Peer certificate: CN = sbc-renewed")
                    && after.output().contains("Verification: OK"), after.output());

            // The connection from before the renewal still answers a keep-alive ping (RFC 5626 §4.4.1).
            before.getOutputStream().write("\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            before.getOutputStream().flush();
            before.setSoTimeout(3_000);
            assertArrayEquals(new byte[] {'\r', '\n'}, before.getInputStream().readNBytes(2));
        }
    }

    @Test
    @Order(2)
    void keyThatIsNotTheCertificatesIsRefusedAndThePreviousPairKept() throws Exception {
        long failures = sbc.counters().get(Counter.TLS_CERTIFICATE_RELOADS_FAILED);
        TestCertificates.Pem stranger = TestCertificates.selfSigned(
                Files.createDirectories(dir.resolve("stranger")), "stranger", SBC);
        Files.write(first.key(), Files.readAllBytes(stranger.key()));
        awaitAbove(Counter.TLS_CERTIFICATE_RELOADS_FAILED, failures);

        OpenSslClient.Result still = OpenSslClient.connect(SBC, TLS_PORT, "-tls1_3", first.cert());
        assertTrue(still.output().contains("Verification: OK"), "the pair before the bad key is served:\n"
                + still.output());
    }

    private static void awaitAbove(Counter counter, long before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sbc.counters().get(counter) == before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(sbc.counters().get(counter) > before, counter + " did not move within 10 s");
    }

    /** A JDK TLS client that trusts only {@code certificate}. */
    private static SSLSocket connect(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("sbc", (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return (SSLSocket) context.getSocketFactory().createSocket(SBC, TLS_PORT);
    }
}
