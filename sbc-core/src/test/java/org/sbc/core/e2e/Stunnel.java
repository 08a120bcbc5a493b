package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * stunnel4 in client mode: accepts plain TCP on a loopback address and carries it over TLS to the
 * SBC, checking the SBC's certificate against {@code caFile} and its IP address. Debian's sipp is
 * built without TLS, so sipp speaks TCP to this tunnel and the SBC sees a real TLS client.
 */
final class Stunnel implements AutoCloseable {

    private final Process process;
    private final Path dir;

    private Stunnel(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /**
     * Starts the tunnel and returns once it listens on {@code acceptIp}:{@code acceptPort}.
     *
     * @param sbcIp the SBC's TLS listener address, also the IP its certificate must name
     */
    static Stunnel client(Path workDir, String acceptIp, int acceptPort, String sbcIp, int sbcPort, Path caFile)
            throws Exception {
        Tools.require("stunnel4", "stunnel4");
        if (!acceptIp.startsWith("127.") || !sbcIp.startsWith("127.")) {
            throw new IllegalArgumentException("loopback only: " + acceptIp + " -> " + sbcIp);
        }
        Path dir = Files.createDirectories(workDir).toAbsolutePath();
        Path config = dir.resolve("stunnel.conf");
        Files.writeString(config, String.join("\n",
                "foreground = yes",
                "pid =",
                "debug = 5",
                "[sip]",
                "client = yes",
                "accept = " + acceptIp + ":" + acceptPort,
                "connect = " + sbcIp + ":" + sbcPort,
                "local = " + acceptIp, // the SBC sees the tunnel's own address, not 127.0.0.1
                "CAfile = " + caFile.toAbsolutePath(),
                "verifyPeer = yes",
                "checkIP = " + sbcIp,
                "sslVersionMin = TLSv1.2",
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
