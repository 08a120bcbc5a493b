package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sbc.core.SbcServer;
import org.sbc.core.metrics.Counter;
import org.sbc.core.testing.TestCertificates;

/**
 * The SBC as a TLS client: a PBX configured as {@code sips:}, reached over TLS and checked
 * against {@code inside.tls.ca} (the PBX is sipp over TCP behind stunnel in server mode). A PBX
 * whose certificate does not chain to that CA gets nothing, and the caller a 503.
 */
class TlsPbxIT {

    private static final String SBC = "127.0.12.3";
    private static final String SBC_INSIDE = "127.0.12.4";
    private static final String PBX_TLS = "127.0.12.21";
    private static final int PBX_TLS_PORT = 27091;
    private static final String PBX = "127.0.12.22";
    private static final int PBX_PORT = 27092;
    private static final String CALLER = "127.0.12.33";
    private static final Duration READY_WITHIN = Duration.ofSeconds(5);

    private static Path dir;
    private static TestCertificates.Pem pbxCertificate;
    private static TestCertificates.Pem strangerCertificate;
    private static SbcServer sbc;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("sbc-tls-pbx-it");
        Path certs = Files.createDirectories(dir.resolve("certs"));
        pbxCertificate = TestCertificates.selfSigned(certs, "pbx", PBX_TLS);
        strangerCertificate = TestCertificates.selfSigned(certs, "stranger", PBX_TLS);
        sbc = TestServers.startFromYaml(dir,
                "outside:",
                "  listen: [udp:" + SBC + ":27060]",
                "inside:",
                "  listen: [udp:" + SBC_INSIDE + ":27070]",
                "  pbx: sips:" + PBX_TLS + ":" + PBX_TLS_PORT,
                "  tls: { ca: certs/pbx.pem }",
                "admin:",
                "  listen: " + SBC + ":27081",
                "security:",
                "  trusted: [" + CALLER + "/32]",
                "media:",
                "  ports: 27600-27799");
    }

    @AfterAll
    static void stop() {
        if (sbc != null) {
            sbc.close();
        }
    }

    @Test
    void callReachesSipsPbxOverVerifiedTls() throws Exception {
        long handshakes = sbc.counters().get(Counter.TLS_HANDSHAKES_COMPLETED);
        SippRun pbx = SippRun.start("-sn uas", PBX, PBX_PORT, "t1", "", List.of()).awaitListening(READY_WITHIN);
        try (Stunnel tls = Stunnel.server(dir.resolve("pbx-tunnel"), PBX_TLS, PBX_TLS_PORT, PBX, PBX_PORT,
                pbxCertificate.cert(), pbxCertificate.key())) {
            SippRun caller = SippRun.start("-sn uac", CALLER, 0, "u1", SBC + ":27060", List.of());
            try {
                caller.assertSucceeds("UDP caller");
                pbx.assertSucceeds("PBX behind TLS");
            } finally {
                caller.stop();
            }
            String invite = pbx.receivedHeaders().stream().filter(h -> h.startsWith("INVITE ")).findFirst()
                    .orElseThrow(() -> new AssertionError("the PBX received no INVITE"));
            assertTrue(invite.contains("\nVia: SIP/2.0/TLS "), "our Via says TLS:\n" + invite);
            assertTrue(sbc.counters().get(Counter.TLS_HANDSHAKES_COMPLETED) > handshakes, tls.log());
        } finally {
            pbx.stop();
        }
    }

    @Test
    void pbxWithUntrustedCertificateGetsNothingAndCallerGets503() throws Exception {
        long failed = sbc.counters().get(Counter.TLS_HANDSHAKES_FAILED);
        SippRun pbx = SippRun.start("-sn uas", PBX, PBX_PORT, "t1", "", List.of()).awaitListening(READY_WITHIN);
        try (Stunnel tls = Stunnel.server(dir.resolve("stranger-tunnel"), PBX_TLS, PBX_TLS_PORT, PBX, PBX_PORT,
                strangerCertificate.cert(), strangerCertificate.key())) {
            SippRun caller = SippRun.start("uac_503.xml", CALLER, 0, "u1", SBC + ":27060", List.of());
            try {
                caller.assertSucceeds("UDP caller answered 503");
            } finally {
                caller.stop();
            }
            assertTrue(sbc.counters().get(Counter.TLS_HANDSHAKES_FAILED) > failed, tls.log());
            assertTrue(pbx.receivedHeaders().isEmpty(), "the PBX behind an untrusted certificate got no request");
        } finally {
            pbx.stop();
        }
    }
}
