package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.config.yaml.ConfigError;
import org.sbc.core.config.yaml.ConfigException;
import org.sbc.core.sip.Transport;
import org.sbc.core.testing.TestCertificates;
import org.sbc.core.tls.PemPair;

/** {@code outside.tls} and {@code inside.tls}: files relative to the config, checked at load. */
class TlsConfigTest {

    @TempDir
    static Path dir;
    private static String file;

    @BeforeAll
    static void certificates() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        TestCertificates.selfSigned(certs, "sbc", "192.0.2.1");
        TestCertificates.selfSigned(certs, "other", null);
        Files.copy(certs.resolve("other.pem"), certs.resolve("pbx-ca.pem"));
        Files.copy(certs.resolve("other.pem"), certs.resolve("carrier-ca.pem"));
        Files.copy(certs.resolve("other.pem"), certs.resolve("tenant-b.pem"));
        Files.copy(certs.resolve("other.key"), certs.resolve("tenant-b.key"), StandardCopyOption.COPY_ATTRIBUTES);
        file = dir.resolve("sbc.yaml").toString();
    }

    @Test
    void readsTlsListenerWithCertificateRelativeToTheConfigFile() throws Exception {
        SbcConfig config = ConfigLoader.parse(ConfigTesting.yaml(
                "outside:",
                "  listen: [tls:192.0.2.1:5061, tcp:192.0.2.1:5060]",
                "  tls:",
                "    certificate: certs/sbc.pem",
                "    key: certs/sbc.key",
                "    handshake_timeout_seconds: 2"), file);

        assertEquals(Transport.TLS, config.outside().listen().get(0).transport());
        assertEquals(Optional.of(TlsConfig.serving(dir.resolve("certs/sbc.pem"), dir.resolve("certs/sbc.key"), 2)),
                config.outside().tls());
        assertEquals(Optional.empty(), config.inside().tls());
    }

    @Test
    void defaultsTheHandshakeTimeoutToFiveSeconds() throws Exception {
        SbcConfig config = ConfigLoader.parse(ConfigTesting.yaml(
                "outside:",
                "  listen: [tls:192.0.2.1:5061]",
                "  tls: { certificate: certs/sbc.pem, key: certs/sbc.key }"), file);

        assertEquals(5, config.outside().tls().orElseThrow().handshakeTimeoutSeconds());
    }

    @Test
    void refusesTlsListenerWithoutCertificate() {
        assertEquals(List.of(file + ":2:12: outside.listen[0]: tls:192.0.2.1:5061 has no certificate"
                        + " (expected: outside.tls with certificate and key, PEM files)"),
                errors("outside:", "  listen: [tls:192.0.2.1:5061]"));
    }

    @Test
    void refusesTlsSectionWithoutKeyAndUnknownKeys() {
        assertEquals(List.of(
                        file + ":3:8: outside.tls.key: missing (expected: certificate and key together, PEM files)",
                        file + ":3:38: outside.tls.handshake_timeout: unknown key 'handshake_timeout'"
                                + " (expected: one of certificate, key, ca, sni, handshake_timeout_seconds)"),
                errors("outside:", "  listen: [tls:192.0.2.1:5061]",
                        "  tls: { certificate: certs/sbc.pem, handshake_timeout: 3 }"));
    }

    @Test
    void refusesMissingCertificateFile() {
        assertEquals(List.of(file + ":3:23: outside.tls.certificate: '" + dir.resolve("certs/none.pem")
                        + "': no such file (expected: a readable PEM file)"),
                errors("outside:", "  listen: [tls:192.0.2.1:5061]",
                        "  tls: { certificate: certs/none.pem, key: certs/sbc.key }"));
    }

    @Test
    void refusesKeyThatIsNotTheCertificates() {
        List<String> errors = errors("outside:", "  listen: [tls:192.0.2.1:5061]",
                "  tls: { certificate: certs/sbc.pem, key: certs/other.key }");
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).startsWith(file + ":3:43: outside.tls.key: '"), errors.get(0));
        assertTrue(errors.get(0).endsWith("the key does not belong to the first certificate of sbc.pem"), errors.get(0));
    }

    @Test
    void refusesKeyFileThatOthersCanRead() throws Exception {
        Path loose = dir.resolve("certs/loose.key");
        Files.copy(dir.resolve("certs/sbc.key"), loose);
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> errors = errors("inside:", "  listen: [tls:192.0.2.1:5071]",
                "  tls: { certificate: certs/sbc.pem, key: certs/loose.key }");
        assertEquals(List.of(file + ":3:43: inside.tls.key: '" + loose + "': the key file is accessible to group or"
                + " others (expected: chmod 600, readable by the SBC's user alone)"), errors);
    }

    @Test
    void refusesTlsAndTcpOnOneSocket() {
        assertEquals(List.of(file + ":2:32: outside.listen[1]: tcp:192.0.2.1:5061 overlaps tls:192.0.2.1:5061 at"
                        + " outside.listen[0] (expected: each transport, address and port once)"),
                errors("outside:", "  listen: [tls:192.0.2.1:5061, tcp:192.0.2.1:5061]",
                        "  tls: { certificate: certs/sbc.pem, key: certs/sbc.key }"));
    }

    @Test
    void readsTlsPbxWithItsCa() throws Exception {
        SbcConfig config = ConfigLoader.parse(ConfigTesting.yaml(
                "inside:",
                "  pbx: sips:pbx.example.net",
                "  tls: { ca: certs/other.pem }"), file);

        assertEquals(new PbxTarget("sips:pbx.example.net", "pbx.example.net", 5061, Transport.TLS), config.pbx());
        assertEquals(Optional.of(dir.resolve("certs/other.pem")), config.inside().tls().orElseThrow().ca());
        assertEquals(Optional.empty(), config.inside().tls().orElseThrow().certificate());
    }

    @Test
    void refusesTlsPbxWithoutCaAndTlsListenerWithOnlyCa() {
        assertEquals(List.of(
                        file + ":2:12: inside.listen[0]: tls:192.0.2.1:5071 has no certificate (expected: inside.tls"
                                + " with certificate and key, PEM files)",
                        file + ":3:8: inside.pbx: sip:192.0.2.9;transport=tls uses TLS, and inside.tls.ca is not set"
                                + " (expected: the CA file that its certificate chains to)"),
                errors("inside:", "  listen: [tls:192.0.2.1:5071]", "  pbx: sip:192.0.2.9;transport=tls",
                        "  tls: { handshake_timeout_seconds: 3 }"));
    }

    @Test
    void readsCertificatesChosenBySni() throws Exception {
        SbcConfig config = ConfigLoader.parse(ConfigTesting.yaml(
                "outside:",
                "  listen: [tls:192.0.2.1:5061]",
                "  tls:",
                "    certificate: certs/sbc.pem",
                "    key: certs/sbc.key",
                "    sni: [{ certificate: certs/other.pem, key: certs/other.key }]"), file);

        assertEquals(List.of(new PemPair(dir.resolve("certs/other.pem"), dir.resolve("certs/other.key"))),
                config.outside().tls().orElseThrow().sni());
    }

    @Test
    void refusesSniCertificatesWithoutDefaultOrWithoutKey() {
        assertEquals(List.of(
                        file + ":3:15: inside.tls.sni: certificates by name without a default one (expected:"
                                + " certificate and key as well)",
                        file + ":3:16: inside.tls.sni[0].key: missing (expected: certificate and key together, PEM files)"),
                errors("inside:", "  listen: [udp:192.0.2.1:5071]", "  tls: { sni: [{ certificate: certs/other.pem }] }"));
    }

    @Test
    void refusesTlsTrunkWithoutOutsideCaOnce() {
        assertEquals(List.of(file + ":2:5: trunks[0]: sips:192.0.2.50 uses TLS, and outside.tls.ca is not set"
                        + " (expected: the CA file that the trunk's certificate chains to)"),
                errors("trunks:", "  - name: carrier", "    uri: sips:192.0.2.50"));
    }

    private static final String PIN = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
            + "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

    @Test
    void readsTrunkClientCaAndFingerprintsRelativeToTheConfigFile() throws Exception {
        SbcConfig config = ConfigLoader.parse(ConfigTesting.yaml(
                "outside:",
                "  listen: [tls:192.0.2.1:5061]",
                "  tls: { certificate: certs/sbc.pem, key: certs/sbc.key }",
                "trunks:",
                "  - name: carrier",
                "    uri: sip:192.0.2.50",
                "    tls: { client_ca: certs/carrier-ca.pem, fingerprints: [\"" + PIN.toLowerCase() + "\"] }"), file);

        TrunkTls tls = config.b2bua().trunks().get(0).tls().orElseThrow();
        assertEquals(Optional.of(dir.resolve("certs/carrier-ca.pem")), tls.clientCa());
        assertEquals(List.of(new TrunkTls.Fingerprint(PIN)), tls.fingerprints(), "upper case, as openssl prints it");
    }

    @Test
    void refusesBadTrunkTlsWithFileLineAndColumn() {
        assertEquals(List.of(
                        file + ":6:29: trunks[0].tls.fingerprints[0]: 'AB:CD' (expected: \"AB:CD:...\" (32 bytes of"
                                + " SHA-256 in hex, colon-separated))",
                        file + ":9:10: trunks[1].tls: neither client_ca nor fingerprints (expected: how the trunk's"
                                + " client certificate is known, e.g. fingerprints: [\"AB:CD:...\"])"),
                errors("outside:",
                        "  listen: [tls:192.0.2.1:5061]",
                        "  tls: { certificate: certs/sbc.pem, key: certs/sbc.key }",
                        "trunks:",
                        "  - { name: a, uri: sip:192.0.2.50,",
                        "      tls: { fingerprints: [AB:CD] } }",
                        "  - name: b",
                        "    uri: sip:192.0.2.51",
                        "    tls: {}"));
    }

    @Test
    void refusesAClientCaThatIsNoReadableFile() {
        List<String> errors = errors("outside:", "  listen: [tls:192.0.2.1:5061]",
                "  tls: { certificate: certs/sbc.pem, key: certs/sbc.key }",
                "trunks:", "  - name: carrier", "    uri: sip:192.0.2.50", "    tls: { client_ca: certs/missing.pem }");
        assertEquals(List.of(file + ":7:23: trunks[0].tls.client_ca: '" + dir.resolve("certs/missing.pem")
                + "': no such file (expected: a readable PEM file)"), errors);
    }

    @Test
    void refusesTrunkTlsWithoutATlsListenerOnTheOutside() {
        assertEquals(List.of(file + ":2:5: trunks[0].tls: a client certificate, and outside.listen has no tls: entry"
                        + " (expected: a tls: listener on the outside for the trunk to connect to, e.g. tls:0.0.0.0:5061)"),
                errors("trunks:", "  - name: partner", "    uri: sip:192.0.2.51",
                        "    tls: { fingerprints: [\"" + PIN + "\"] }"));
    }

    @Test
    void refusesSipsOverTcp() {
        assertEquals(List.of(file + ":2:8: inside.pbx: sips URI 'sips:192.0.2.9;transport=tcp' over tcp"
                        + " (expected: a sips URI without transport, or with transport=tls: RFC 5630)"),
                errors("inside:", "  pbx: sips:192.0.2.9;transport=tcp"));
    }

    /** docs/tls.md's examples name certs/sbc.*, certs/tenant-b.* and certs/pbx-ca.pem beside the config. */
    @Test
    void yamlExamplesInTheDocsLoad() throws Exception {
        Matcher block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("..", "docs", "tls.md")));
        int examples = 0;
        while (block.find()) {
            SbcConfig config = ConfigLoader.load(Files.writeString(dir.resolve("sbc.yaml"), block.group(1)));
            assertTrue(config.outside().tls().isPresent() || config.inside().tls().isPresent());
            examples++;
        }
        assertTrue(examples > 0, "docs/tls.md has no yaml example");
    }

    private static List<String> errors(String... lines) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(ConfigTesting.yaml(lines), file));
        return e.errors().stream().map(ConfigError::toString).toList();
    }
}
