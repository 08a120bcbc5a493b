package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.sbc.core.testing.TestCertificates;

/**
 * stunnel4 between sipp and the SBC. Debian's sipp is built without TLS, so sipp speaks TCP to a
 * tunnel and the SBC sees a real TLS peer: in client mode the tunnel checks the SBC's certificate
 * against a CA file and its IP address; in server mode it is a TLS PBX in front of a TCP one.
 */
final class Stunnel implements AutoCloseable {

    private final Process process;
    private final Path dir;

    private Stunnel(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /**
     * A client tunnel, returned once it listens on {@code acceptIp}:{@code acceptPort}.
     *
     * @param sbcIp the SBC's TLS listener address, also the IP its certificate must name
     */
    static Stunnel client(Path workDir, String acceptIp, int acceptPort, String sbcIp, int sbcPort, Path caFile)
            throws Exception {
        return start(workDir, acceptIp, acceptPort, sbcIp,
                "client = yes",
                "connect = " + sbcIp + ":" + sbcPort,
                "local = " + acceptIp, // the SBC sees the tunnel's own address, not 127.0.0.1
                "CAfile = " + caFile.toAbsolutePath(),
                "verifyPeer = yes",
                "checkIP = " + sbcIp);
    }

    /**
     * A client tunnel as {@link #client(Path, String, int, String, int, Path)} that presents
     * {@code clientCertificate} (a certificate and its key) when the SBC asks for one.
     */
    static Stunnel clientWithCertificate(Path workDir, String acceptIp, int acceptPort, String sbcIp, int sbcPort,
            Path caFile, TestCertificates.Pem clientCertificate) throws Exception {
        return start(workDir, acceptIp, acceptPort, sbcIp,
                "client = yes",
                "connect = " + sbcIp + ":" + sbcPort,
                "local = " + acceptIp,
                "CAfile = " + caFile.toAbsolutePath(),
                "verifyPeer = yes",
                "checkIP = " + sbcIp,
                "cert = " + clientCertificate.cert().toAbsolutePath(),
                "key = " + clientCertificate.key().toAbsolutePath());
    }

    /**
     * A server tunnel: a TLS PBX made of a TCP one. Accepts TLS on {@code acceptIp}:{@code acceptPort}
     * with {@code certificate} and {@code key} and carries it as TCP to {@code pbxIp}:{@code pbxPort}.
     */
    static Stunnel server(Path workDir, String acceptIp, int acceptPort, String pbxIp, int pbxPort, Path certificate,
            Path key) throws Exception {
        return start(workDir, acceptIp, acceptPort, pbxIp,
                "connect = " + pbxIp + ":" + pbxPort,
                "cert = " + certificate.toAbsolutePath(),
                "key = " + key.toAbsolutePath());
    }

    private static Stunnel start(Path workDir, String acceptIp, int acceptPort, String peerIp, String... service)
            throws Exception {
        Tools.require("stunnel4", "stunnel4");
        if (!acceptIp.startsWith("127.") || !peerIp.startsWith("127.")) {
            throw new IllegalArgumentException("loopback only: " + acceptIp + " -> " + peerIp);
        }
        Path dir = Files.createDirectories(workDir).toAbsolutePath();
        Path config = dir.resolve("stunnel.conf");
        Files.writeString(config, String.join("\n",
                "foreground = yes",
                "pid =",
                "debug = 5",
                "[sip]",
                "accept = " + acceptIp + ":" + acceptPort,
                "sslVersionMin = TLSv1.2",
                String.join("\n", service),
                ""));
        Process process = new ProcessBuilder("stunnel4", config.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stunnel.log").toFile()).start();
        Stunnel tunnel = new Stunnel(process, dir);
        if (!LocalSockets.awaitListening(acceptIp, acceptPort, true, Duration.ofSeconds(10), process::isAlive)) {
            tunnel.close();
            fail("stunnel did not listen on " + acceptIp + ":" + acceptPort + ":\n" + tunnel.log());
        }
        return tunnel;
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("stunnel.log"));
    }

    /** Ended by its PID only (SIGTERM, then SIGKILL). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(3, TimeUnit.SECONDS);
        }
    }
}
