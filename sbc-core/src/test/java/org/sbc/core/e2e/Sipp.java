package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real sipp (Debian package sip-tester) against a loopback target, bounded in count
 * and time, and reads its final statistics. A missing sipp fails the test: it is never a skip.
 */
final class Sipp {

    record Result(int exitCode, long successful, long failed, String output) {}

    private static final Pattern SUCCESSFUL = Pattern.compile("Successful call\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)");
    private static final Pattern FAILED = Pattern.compile("Failed call\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)");

    private Sipp() {}

    static Path scenario(String name) {
        return Path.of("src", "test", "resources", "sipp", name).toAbsolutePath();
    }

    /**
     * @param transport "u1" (UDP, one socket) or "t1" (TCP, one connection)
     */
    static Result run(String scenario, String transport, String localIp, String target,
            int calls, int rate, int timeoutSeconds) throws IOException, InterruptedException {
        return start(scenario, transport, localIp, target, calls, rate, timeoutSeconds).await();
    }

    /** A sipp run in the background, so that two peers can load the SBC at once. */
    static final class Running {
        private final Process process;
        private final Path log;
        private final List<String> command;
        private final int timeoutSeconds;

        private Running(Process process, Path log, List<String> command, int timeoutSeconds) {
            this.process = process;
            this.log = log;
            this.command = command;
            this.timeoutSeconds = timeoutSeconds;
        }

        Result await() throws IOException, InterruptedException {
            if (!process.waitFor(timeoutSeconds + 15L, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("sipp did not stop within " + (timeoutSeconds + 15) + " s: " + command);
            }
            String output = Files.readString(log, StandardCharsets.ISO_8859_1);
            Files.deleteIfExists(log);
            return new Result(process.exitValue(), last(SUCCESSFUL, output), last(FAILED, output), output);
        }
    }

    /**
     * @param transport "u1" (UDP, one socket) or "t1" (TCP, one connection)
     */
    static Running start(String scenario, String transport, String localIp, String target,
            int calls, int rate, int timeoutSeconds) throws IOException {
        Tools.require("sipp", "sip-tester");
        if (!target.startsWith("127.") || !localIp.startsWith("127.")) {
            throw new IllegalArgumentException("sipp targets loopback only: " + localIp + " -> " + target);
        }
        List<String> command = new ArrayList<>(List.of(
                "sipp", "-sf", scenario(scenario).toString(),
                "-t", transport, "-i", localIp, "-p", "0",
                "-m", Integer.toString(calls), "-r", Integer.toString(rate),
                "-timeout", timeoutSeconds + "s", "-timeout_error",
                "-nostdin", "-buff_size", "4194304", target));
        Path log = Files.createTempFile("sipp", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Running(process, log, command, timeoutSeconds);
    }

    private static long last(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        long value = -1;
        while (m.find()) {
            value = Long.parseLong(m.group(1));
        }
        return value;
    }
}
