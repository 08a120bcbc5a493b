package org.sbc.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.testing.TestCertificates;
import org.sbc.core.testing.TestCertificates.Pem;

/** Which trunk a client chain names: pins and CAs, over certificates openssl made for the test. */
class TrunkCertificatesTest {

    @TempDir
    static Path dir;
    private static Pem carrierCa;
    private static Pem carrier;
    private static Pem pinned;
    private static Pem stranger;

    @BeforeAll
    static void certificates() throws Exception {
        carrierCa = TestCertificates.selfSigned(dir, "carrier-ca", null);
        carrier = TestCertificates.signedBy(dir, "carrier", carrierCa);
        pinned = TestCertificates.selfSigned(dir, "pinned", null);
        stranger = TestCertificates.signedBy(dir, "stranger", TestCertificates.selfSigned(dir, "other-ca", null));
    }

    private static List<X509Certificate> chain(Pem... pems) throws Exception {
        List<X509Certificate> chain = new ArrayList<>();
        for (Pem pem : pems) {
            chain.addAll(PemFiles.certificates(pem.cert()));
        }
        return chain;
    }

    private static TrunkCertificates trunks() throws Exception {
        return TrunkCertificates.of(List.of(
                new TrunkCertificates.Trunk("pins", Optional.empty(),
                        List.of(TestCertificates.fingerprint(dir, pinned))),
                new TrunkCertificates.Trunk("carrier", Optional.of(carrierCa.cert()), List.of())));
    }

    @Test
    void namesTheTrunkWhosePinsIncludeTheLeaf() throws Exception {
        assertEquals(Optional.of("pins"), trunks().trunkOf(chain(pinned)));
    }

    @Test
    void namesTheTrunkWhoseCaTheChainValidatesAgainstWithOrWithoutTheCaSent() throws Exception {
        assertEquals(Optional.of("carrier"), trunks().trunkOf(chain(carrier)));
        assertEquals(Optional.of("carrier"), trunks().trunkOf(chain(carrier, carrierCa)));
    }

    @Test
    void namesNoTrunkForAnotherCaTheCaItselfOrNoCertificate() throws Exception {
        assertEquals(Optional.empty(), trunks().trunkOf(chain(stranger)));
        assertEquals(Optional.empty(), trunks().trunkOf(List.of()));
        // A pinned trunk's certificate is that one certificate, not whatever it signs.
        assertEquals(Optional.empty(), TrunkCertificates.of(List.of(new TrunkCertificates.Trunk("pins",
                Optional.empty(), List.of(TestCertificates.fingerprint(dir, carrierCa)))))
                .trunkOf(chain(carrier)));
    }

    @Test
    void theFirstMatchingTrunkInConfigOrderWins() throws Exception {
        TrunkCertificates both = TrunkCertificates.of(List.of(
                new TrunkCertificates.Trunk("first", Optional.of(carrierCa.cert()), List.of()),
                new TrunkCertificates.Trunk("second", Optional.empty(), List.of(TestCertificates.fingerprint(dir, carrier)))));
        assertEquals(Optional.of("first"), both.trunkOf(chain(carrier)));
    }
}
