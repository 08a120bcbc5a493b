package org.sbc.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway certificates made at test time with the openssl command (EC P-256, valid one day),
 * so that no key is ever committed. openssl missing fails the test, naming the package.
 */
public final class TestCertificates {

    /** A self-signed certificate and its PKCS#8 key, as PEM files. */
    public record Pem(Path cert, Path key) {}

    private TestCertificates() {}

    /** @param ipSan the IP address the certificate names (subjectAltName), or null for none */
    public static Pem selfSigned(Path dir, String name, String ipSan) throws IOException, InterruptedException {
        return selfSignedFor(dir, name, ipSan == null ? null : "IP:" + ipSan);
    }

    /** @param subjectAltName openssl's form, e.g. "DNS:voice.example.test,IP:127.0.0.1", or null for none */
    public static Pem selfSignedFor(Path dir, String name, String subjectAltName)
            throws IOException, InterruptedException {
        Path cert = dir.resolve(name + ".pem");
        Path key = dir.resolve(name + ".key");
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=" + name,
                "-keyout", key.toString(), "-out", cert.toString()));
        if (subjectAltName != null) {
            command.addAll(List.of("-addext", "subjectAltName=" + subjectAltName));
        }
        openssl(dir, name, command);
        return new Pem(cert, key);
    }

    /** A certificate for {@code name} (a client: no subjectAltName) signed by {@code ca}, and its key. */
    public static Pem signedBy(Path dir, String name, Pem ca) throws IOException, InterruptedException {
        Path cert = dir.resolve(name + ".pem");
        Path key = dir.resolve(name + ".key");
        Path request = dir.resolve(name + ".csr");
        openssl(dir, name, List.of("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=" + name, "-keyout", key.toString(),
                "-out", request.toString()));
        openssl(dir, name, List.of("openssl", "x509", "-req", "-in", request.toString(), "-CA", ca.cert().toString(),
                "-CAkey", ca.key().toString(), "-CAcreateserial", "-days", "1", "-out", cert.toString()));
        return new Pem(cert, key);
    }

    /** The certificate's SHA-256 fingerprint as openssl prints it, "AB:CD:...", what an operator pins. */
    public static String fingerprint(Path dir, Pem pem) throws IOException, InterruptedException {
        String name = pem.cert().getFileName() + ".fingerprint";
        openssl(dir, name, List.of("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", pem.cert().toString()));
        String out = Files.readString(dir.resolve(name + ".openssl.log")).strip();
        return out.substring(out.indexOf('=') + 1);
    }

    private static void openssl(Path dir, String name, List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(name + ".openssl.log").toFile()).start();
        } catch (IOException e) {
            fail("openssl is not installed: ./run-tests installs it (apt-get install openssl)");
            throw e;
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("openssl did not finish in 30 s");
        }
        assertEquals(0, process.exitValue(), () -> {
            try {
                return Files.readString(dir.resolve(name + ".openssl.log"));
            } catch (IOException e) {
                return e.toString();
            }
        });
    }
}
