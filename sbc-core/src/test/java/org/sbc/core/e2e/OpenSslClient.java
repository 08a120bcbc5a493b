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

    /** @param version "-tls1_1", "-tls1_2" or "-tls1_3" */
    static Result connect(String ip, int port, String version, Path caFile) throws IOException, InterruptedException {
        Tools.require("openssl", "openssl");
        if (!ip.startsWith("127.")) {
            throw new IllegalArgumentException("loopback only: " + ip);
        }
        List<String> command = List.of("openssl", "s_client", "-connect", ip + ":" + port, version,
                "-cipher", "DEFAULT@SECLEVEL=0", "-CAfile", caFile.toString(), "-verify_ip", ip, "-brief");
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
