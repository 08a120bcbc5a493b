package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One sipp process playing one party of a call flow, in its own working directory (where sipp
 * writes its error and message logs). Bounded: every run has -m, -timeout, and a hard kill.
 */
final class SippRun {

    private final Process process;
    private final Path dir;
    private final List<String> command;
    private final String localIp;
    private final int localPort;
    private final boolean tcp;

    private SippRun(Process process, Path dir, List<String> command, String localIp, int localPort, boolean tcp) {
        this.process = process;
        this.dir = dir;
        this.command = command;
        this.localIp = localIp;
        this.localPort = localPort;
        this.tcp = tcp;
    }

    /** Starts sipp with {@code scenario} (a file under sipp/flows, or "-sn NAME" for a built-in). */
    static SippRun start(String scenario, String localIp, int localPort, String transport, String target,
            List<String> extra) throws IOException {
        List<String> withCount = new ArrayList<>(List.of("-m", "1"));
        withCount.addAll(extra);
        return startWith(scenario, localIp, localPort, transport, target, withCount);
    }

    /** As {@link #start}, with {@code extra} giving the call count (-m) and rate itself. */
    static SippRun startWith(String scenario, String localIp, int localPort, String transport, String target,
            List<String> extra) throws IOException {
        Tools.require("sipp", "sip-tester");
        for (String ip : List.of(localIp, target.isEmpty() ? localIp : target)) {
            if (!ip.startsWith("127.")) {
                throw new IllegalArgumentException("loopback only: " + ip);
            }
        }
        Path dir = Files.createTempDirectory("sipp-flow");
        List<String> command = new ArrayList<>(List.of("sipp"));
        if (scenario.startsWith("-sn ")) {
            command.addAll(List.of("-sn", scenario.substring(4)));
        } else {
            command.addAll(List.of("-sf", Path.of("src/test/resources/sipp/flows", scenario).toAbsolutePath().toString()));
        }
        command.addAll(List.of("-i", localIp, "-p", Integer.toString(localPort), "-t", transport,
                "-nostdin", "-trace_err", "-trace_msg", "-timeout", "45s", "-timeout_error"));
        command.addAll(extra);
        if (!target.isEmpty()) {
            command.add(target);
        }
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        return new SippRun(process, dir, command, localIp, localPort, transport.startsWith("t"));
    }

    /**
     * Returns once this sipp listens on its port (bound in the kernel's UDP table, or in LISTEN
     * state in its TCP table), so a peer may dial it; fails after {@code within}, or at once if
     * sipp has exited.
     */
    SippRun awaitListening(Duration within) throws Exception {
        if (!LocalSockets.awaitListening(localIp, localPort, tcp, within, process::isAlive)) {
            fail("sipp did not listen on " + (tcp ? "tcp " : "udp ") + localIp + ":" + localPort + " within "
                    + within + (process.isAlive() ? "" : " (it exited)") + ": " + command + "\n" + errors());
        }
        return this;
    }


    /** Waits for the end and fails with sipp's own error log when it did not succeed. */
    void assertSucceeds(String party) throws Exception {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(party + ": sipp did not finish: " + command);
        }
        if (process.exitValue() != 0) {
            fail(party + ": sipp exited " + process.exitValue() + "\n" + errors() + "\n" + command);
        }
    }

    /** Ends a party that is still running (only when a test failed half-way). */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    String errors() throws IOException {
        return read("_errors.log");
    }

    /** The headers of every message this party received (sipp's -trace_msg log). */
    List<String> receivedHeaders() throws IOException {
        String log = read("_messages.log");
        List<String> headers = new ArrayList<>();
        for (String block : log.split("\n-{10,}[^\n]*\n")) {
            int start = block.indexOf("message received");
            if (start < 0) {
                continue;
            }
            String message = block.substring(block.indexOf('\n', start) + 1).replace("\r", "").strip();
            int end = message.indexOf("\n\n");
            headers.add(end < 0 ? message : message.substring(0, end));
        }
        return headers;
    }

    private String read(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            StringBuilder text = new StringBuilder();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
                text.append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
            return text.toString();
        }
    }
}
