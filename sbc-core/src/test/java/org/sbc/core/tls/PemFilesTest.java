package org.sbc.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys in the forms openssl writes, made by the openssl command at test time. */
class PemFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsTraditionalRsaKey() throws Exception {
        Path key = openssl("rsa.key", "genrsa", "-traditional", "-out", "rsa.key", "2048");
        assertTrue(Files.readString(key).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertEquals("RSA", PemFiles.privateKey(key).getAlgorithm());
    }

    @Test
    void readsSec1EcKeyWithItsCurve() throws Exception {
        Path key = openssl("ec.key", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key");
        assertTrue(Files.readString(key).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        assertEquals("EC", PemFiles.privateKey(key).getAlgorithm());
    }

    @Test
    void readsPkcs8Key() throws Exception {
        Path key = openssl("p8.key", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384",
                "-out", "p8.key");
        assertEquals("EC", PemFiles.privateKey(key).getAlgorithm());
    }

    @Test
    void refusesEncryptedKeyNamingWhy() throws Exception {
        Path key = openssl("enc.key", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-aes256", "-pass", "pass:x", "-out", "enc.key");
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> PemFiles.privateKey(key));
        assertTrue(e.getMessage().contains("the key is encrypted"), e.getMessage());
    }

    @Test
    void refusesBlockWhoseEndDoesNotMatchItsBegin() throws Exception {
        Path key = openssl("ec2.key", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec2.key");
        Path mixed = Files.writeString(dir.resolve("mixed.key"),
                Files.readString(key).replace("END EC PRIVATE KEY", "END RSA PRIVATE KEY"));
        assertThrows(GeneralSecurityException.class, () -> PemFiles.privateKey(mixed));
    }

    private Path openssl(String output, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            fail("openssl is not installed: ./run-tests installs it (apt-get install openssl)");
            throw e;
        }
        String log = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail(command + " failed: " + log);
        }
        return dir.resolve(output);
    }
}
