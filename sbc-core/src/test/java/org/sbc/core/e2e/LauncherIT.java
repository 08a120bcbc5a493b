package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance checks of the launcher, run as a user would: {@code ./sbc run} on the embedded
 * defaults and on examples/sbc.yaml answers OPTIONS over UDP and TCP within 5 s and serves
 * /health; {@code ./sbc check-config} names every problem with its line. Uses the default
 * ports (5060, 8080) on 127.0.0.1, which nothing else in the test suite touches.
 */
class LauncherIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final InetSocketAddress SIP = new InetSocketAddress("127.0.0.1", 5060);

    @Test
    void runsOnEmbeddedDefaults() throws Exception {
        assertServesDefaults(List.of());
    }

    @Test
    void runsOnTheExampleConfig() throws Exception {
        assertServesDefaults(List.of("--config", ROOT.resolve("examples/sbc.yaml").toString()));
    }

    @Test
    void checkConfigNamesMisspeltKeyAndBadPortWithLines(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                outside:
                  listen: [udp:127.0.0.1:5060]
                inside:
                  lisen: [udp:127.0.0.1:5070]
                  pbx: sip:127.0.0.1:5080
                admin:
                  listen: 127.0.0.1:70000
                """);
        Process process = launcher(List.of("check-config", bad.toString())).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue(), out);
        assertTrue(out.contains(bad + ":4:"), "misspelt key 'lisen' on line 4: " + out);
        assertTrue(out.contains("lisen"), out);
        assertTrue(out.contains(bad + ":7:"), "port 70000 on line 7: " + out);
        assertTrue(out.contains("70000"), out);
    }

    @Test
    void checkConfigAcceptsTheExample() throws Exception {
        Process process = launcher(List.of("check-config", ROOT.resolve("examples/sbc.yaml").toString())).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        assertEquals(1, out.strip().lines().count(), "a one-line summary: " + out);
    }

    @Test
    void printsItsVersion() throws Exception {
        Process process = launcher(List.of("--version")).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.strip().matches("sbc \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), "the jar's version: " + out);
    }

    private static ProcessBuilder launcher(List<String> args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("sbc").toString()));
        command.addAll(args);
        return new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
    }

    private static void assertServesDefaults(List<String> extraArgs) throws Exception {
        Tools.require("curl", "curl");
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(extraArgs);
        long started = System.nanoTime();
        Process sbc = launcher(args).start();
        List<String> output = new ArrayList<>();
        Thread reader = drain(sbc, output);
        try {
            String okResponse = awaitOptionsAnswer(sbc, started, output);
            assertFalse(okResponse.contains("\r\nServer:"), "a Server header reveals the product: " + okResponse);
            assertFalse(okResponse.contains("\r\nUser-Agent:"), okResponse);
            String tcpAnswer = awaitTcpOptionsAnswer(sbc, started, output);
            assertTrue(tcpAnswer.startsWith("SIP/2.0 200 OK"), "TCP: " + tcpAnswer);
            assertEquals("200", awaitHealth(started));
        } finally {
            // SIGTERM through the handle: Process.destroy() would also close our end of its output.
            sbc.toHandle().destroy();
            if (!sbc.waitFor(15, TimeUnit.SECONDS)) {
                sbc.destroyForcibly();
                fail("sbc did not stop on SIGTERM: " + output);
            }
            reader.join(2_000);
        }
        synchronized (output) {
            assertTrue(output.stream().anyMatch(l -> l.startsWith("sbc: stopping")), "clean shutdown, exit " + sbc.exitValue() + ": " + output);
        }
    }

    /** Polls with OPTIONS over UDP until answered; the first answer must come within 5 s. */
    private static String awaitOptionsAnswer(Process sbc, long started, List<String> output) throws IOException {
        try (SipClient client = new SipClient("127.0.0.9", SIP)) {
            int attempt = 0;
            while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5)) {
                if (!sbc.isAlive()) {
                    fail("sbc exited with " + sbc.exitValue() + ": " + output);
                }
                client.send(client.optionsFromHere("launcher-" + attempt++).getBytes(StandardCharsets.US_ASCII));
                Optional<String> answer = client.receive(200);
                if (answer.isPresent()) {
                    assertTrue(answer.get().startsWith("SIP/2.0 200 OK"), answer.get());
                    return answer.get();
                }
            }
        }
        fail("no answer to OPTIONS within 5 s of start: " + output);
        return null;
    }

    /**
     * The UDP answer proves only the first listener is up; the TCP one binds a moment later, so
     * it gets its own attempts inside the same 5 s from start.
     */
    private static String awaitTcpOptionsAnswer(Process sbc, long started, List<String> output) throws IOException {
        byte[] options = SipClient.options("127.0.0.9", 5060, "127.0.0.1:5060", "TCP", "launcher-tcp")
                .getBytes(StandardCharsets.US_ASCII);
        IOException last = null;
        while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5)) {
            if (!sbc.isAlive()) {
                fail("sbc exited with " + sbc.exitValue() + ": " + output);
            }
            try {
                return SipClient.tcp("127.0.0.9", SIP, options, 1_500).received();
            } catch (ConnectException e) {
                last = e;
                sleep(50);
            }
        }
        fail("no TCP connection within 5 s of start: " + last + " " + output);
        return null;
    }

    /** /health within 10 s of start: the admin listener binds after the SIP ones. */
    private static String awaitHealth(long started) throws IOException, InterruptedException {
        String code = "";
        while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10)) {
            Process curl = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                    "http://127.0.0.1:8080/health").redirectErrorStream(true).start();
            code = new String(curl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(curl.waitFor(10, TimeUnit.SECONDS));
            if (code.equals("200")) {
                return code;
            }
            sleep(50);
        }
        return code;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Collects the process's output lines into {@code sink} (synchronized on it) on a daemon thread. */
    static Thread drain(Process process, List<String> sink) {
        Thread thread = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (sink) {
                        sink.add(line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "sbc-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
