package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sbc.core.SbcServer;
import org.sbc.core.metrics.Counter;
import org.sbc.core.testing.TestCertificates;
import org.sbc.core.testing.TestCertificates.Pem;

/**
 * Trunks known by their TLS client certificate ({@code trunks[].tls}): a policy lets calls in from
 * the trunks only, and a caller reaches the PBX exactly when its certificate (presented through a
 * stunnel client) is the carrier's pinned one or is signed by the partner's CA. Every caller
 * connects from a loopback address that is no trunk's, so only the certificate can tell.
 */
class TrunkCertificateIT {

    private static final String SBC = "127.0.21.50";
    private static final int TLS_PORT = 21561;
    private static final String SBC_INSIDE = "127.0.21.51";
    private static final String PBX = "127.0.21.52";
    private static final int PBX_PORT = 21580;
    private static final String TUNNEL = "127.0.21.53";
    private static final String CALLER = "127.0.21.54";

    private static Path dir;
    private static Path certs;
    private static Path sbcCertificate;
    private static Pem carrier;
    private static Pem partner;
    private static Pem stranger;
    private static SbcServer sbc;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("trunk-certificate-it");
        certs = Files.createDirectories(dir.resolve("certs"));
        sbcCertificate = TestCertificates.selfSigned(certs, "sbc", SBC).cert();
        carrier = TestCertificates.selfSigned(certs, "carrier", null);
        Pem partnerCa = TestCertificates.selfSigned(certs, "partner-ca", null);
        partner = TestCertificates.signedBy(certs, "partner", partnerCa);
        stranger = TestCertificates.signedBy(certs, "stranger", TestCertificates.selfSigned(certs, "other-ca", null));
        Files.writeString(dir.resolve("trunks-only.yaml"), """
                rules:
                  - id: from-carrier
                    match: { trunk: carrier }
                    action: allow
                  - id: from-partner
                    match: { trunk: partner }
                    action: allow
                default: { reject: 403 }
                """);
        sbc = TestServers.startFromYaml(dir,
                "outside:",
                "  listen: [tls:" + SBC + ":" + TLS_PORT + "]",
                "  tls: { certificate: certs/sbc.pem, key: certs/sbc.key }",
                "inside:",
                "  listen: [udp:" + SBC_INSIDE + ":21570]",
                "  pbx: sip:" + PBX + ":" + PBX_PORT,
                "admin:",
                "  listen: " + SBC + ":21590",
                "trunks:",
                "  - name: carrier",
                "    uri: sip:203.0.113.5:5060",
                "    tls: { fingerprints: [\"" + TestCertificates.fingerprint(certs, carrier) + "\"] }",
                "  - name: partner",
                "    uri: sip:198.51.100.7:5060",
                "    tls: { client_ca: certs/partner-ca.pem }",
                "policy:",
                "  files: [trunks-only.yaml]");
    }

    @AfterAll
    static void stop() {
        if (sbc != null) {
            sbc.close();
        }
    }

    @Test
    void pinnedCertificateIsTheCarrierTrunk() throws Exception {
        long identified = sbc.counters().get(Counter.TLS_TRUNKS_IDENTIFIED);
        assertReachesThePbx(carrier, 21541);
        assertTrue(sbc.counters().get(Counter.TLS_TRUNKS_IDENTIFIED) > identified);
    }

    @Test
    void certificateSignedByTheClientCaIsThePartnerTrunk() throws Exception {
        assertReachesThePbx(partner, 21542);
    }

    @Test
    void certificateOfAnotherCaIsNoTrunk() throws Exception {
        long unknown = sbc.counters().get(Counter.TLS_CLIENT_CERTIFICATES_UNKNOWN);
        assertEquals(403, statusThroughTunnel(stranger, 21543));
        assertTrue(sbc.counters().get(Counter.TLS_CLIENT_CERTIFICATES_UNKNOWN) > unknown);
    }

    @Test
    void clientWithoutCertificateIsServedButIsNoTrunk() throws Exception {
        assertEquals(403, statusThroughTunnel(null, 21544), "asked for a certificate, not required: the call"
                + " is answered (by the policy's default), not cut at the handshake");
    }

    /** An INVITE through a tunnel presenting {@code certificate} reaches the PBX, whose 486 comes back. */
    private static void assertReachesThePbx(Pem certificate, int tunnelPort) throws Exception {
        try (SipPeer pbx = SipPeer.udp("pbx", PBX, PBX_PORT, new InetSocketAddress(SBC_INSIDE, 21570));
                Stunnel tunnel = tunnel(certificate, tunnelPort);
                SipPeer caller = SipPeer.tcp("trunk", CALLER, new InetSocketAddress(TUNNEL, tunnelPort))) {
            SipPeer.callAndGetBusy(caller, pbx, "sip:4930123456@" + SBC, "carrier.example");
        }
    }

    /** The SBC's final answer to an INVITE through a tunnel presenting {@code certificate} (null: none). */
    private static int statusThroughTunnel(Pem certificate, int tunnelPort) throws Exception {
        try (Stunnel tunnel = tunnel(certificate, tunnelPort);
                SipPeer caller = SipPeer.tcp("trunk", CALLER, new InetSocketAddress(TUNNEL, tunnelPort))) {
            SipMsg invite = caller.invite("sip:4930123456@" + SBC, "carrier.example");
            caller.send(invite.text());
            SipMsg answer = caller.poll(m -> !m.isRequest() && m.status() >= 200, Duration.ofSeconds(5))
                    .orElse(null);
            if (answer == null) {
                throw new AssertionError("no final answer; stunnel:\n" + tunnel.log());
            }
            caller.send(SipPeer.ackFor(invite, answer));
            return answer.status();
        }
    }

    private static Stunnel tunnel(Pem certificate, int port) throws Exception {
        Path work = dir.resolve("stunnel-" + port);
        return certificate == null ? Stunnel.client(work, TUNNEL, port, SBC, TLS_PORT, sbcCertificate)
                : Stunnel.clientWithCertificate(work, TUNNEL, port, SBC, TLS_PORT, sbcCertificate, certificate);
    }
}
