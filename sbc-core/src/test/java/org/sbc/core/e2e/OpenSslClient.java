package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code openssl s_client} against a loopback TLS listener: one handshake, nothing sent, its
 * report read back. SECLEVEL=0 lets the client offer what Debian's defaults forbid (TLS 1.1), so
 * a refusal is the server's own.
 */
final class OpenSslClient {

    record Result(int exitCode, String output) {}

    private OpenSslClient() {}

    /** @param version "-tls1_1", "-tls1_2" or "-tls1_3"; the certificate must name {@code ip} */
    static Result connect(String ip, int port, String version, Path caFile) throws IOException, InterruptedException {
        return connect(ip, port, caFile, List.of(version, "-verify_ip", ip));
    }

    /** With SNI: asks for {@code serverName}, and the certificate must name it. */
    static Result connectAsking(String ip, int port, String serverName, Path caFile)
            throws IOException, InterruptedException {
        return connect(ip, port, caFile, List.of("-servername", serverName, "-verify_hostname", serverName));
    }

    private static Result connect(String ip, int port, Path caFile, List<String> options)
            throws IOException, InterruptedException {
        Tools.require("openssl", "openssl");
        if (!ip.startsWith("127.")) {
            throw new IllegalArgumentException("loopback only: " + ip);
        }
        List<String> command = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect", ip + ":" + port,
                "-cipher", "DEFAULT@SECLEVEL=0", "-CAfile", caFile.toString(), "-brief"));
        command.addAll(options);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close(); // EOF on stdin: s_client quits after the handshake
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("openssl s_client did not finish: " + command);
        }
        return new Result(process.exitValue(), output);
    }
}
