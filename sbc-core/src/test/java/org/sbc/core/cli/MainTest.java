package org.sbc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line's exit codes and where its text goes; never starts the server. */
class MainTest {

    @TempDir
    Path dir;

    /** Exit code and both streams of one invocation. */
    private record Result(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path file(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    @Test
    void printsUsageToStderrAndExits2WithoutArguments() {
        Result result = run();

        assertEquals(2, result.exit());
        assertTrue(result.err().startsWith("Usage: sbc COMMAND"), result.err());
        assertEquals("", result.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "--help", "-h"})
    void printsUsageToStdoutAndExits0OnHelp(String help) {
        Result result = run(help);

        assertEquals(0, result.exit());
        assertTrue(result.out().startsWith("Usage: sbc COMMAND"), result.out());
        assertEquals("", result.err());
    }

    @Test
    void namesUnknownCommandAndExits2() {
        Result result = run("start");

        assertEquals(2, result.exit());
        assertTrue(result.err().startsWith("sbc: unknown command 'start'\nUsage: sbc COMMAND"), result.err());
        assertEquals("", result.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "check-config", "bans"})
    void printsCommandHelpAndExits0(String command) {
        Result result = run(command, "--help");

        assertEquals(0, result.exit());
        assertTrue(result.out().startsWith("Usage: sbc " + command), result.out());
        assertEquals("", result.err());
    }

    @Test
    void printsRunUsageAndExits2OnBadRunArguments() {
        Result result = run("run", "--config");

        assertEquals(2, result.exit());
        assertTrue(result.err().startsWith("Usage: sbc run"), result.err());
    }

    @Test
    void printsCheckConfigUsageAndExits2WithoutExactlyOneFile() {
        assertEquals(2, run("check-config").exit());
        Result two = run("check-config", "a.yaml", "b.yaml");

        assertEquals(2, two.exit());
        assertTrue(two.err().startsWith("Usage: sbc check-config"), two.err());
    }

    @Test
    void acceptsValidConfigWithSummaryAndExits0() throws IOException {
        Path config = file("sbc.yaml",
                "outside:",
                "  listen: [udp:192.0.2.10:5060]",
                "limits:",
                "  max_headers: 60");

        Result result = run("check-config", config.toString());

        assertEquals(0, result.exit(), result.err());
        assertEquals("", result.err());
        assertTrue(result.out().startsWith(config + ": OK: outside udp:192.0.2.10:5060; inside"), result.out());
    }

    @Test
    void reportsUnknownKeyAsFileLineColumnAndExits1() throws IOException {
        Path config = file("bad.yaml",
                "outside:",
                "  listen: [udp:192.0.2.10:5060]",
                "  lisen: [tcp:192.0.2.10:5060]");

        Result result = run("check-config", config.toString());

        assertEquals(1, result.exit());
        assertEquals("", result.out());
        assertEquals(1, result.errLines().size(), result.err());
        assertTrue(result.errLines().get(0).startsWith(config + ":3:3: outside.lisen: "), result.err());
    }

    @Test
    void reportsEveryProblemOnItsOwnPositionedLine() throws IOException {
        Path config = file("worse.yaml",
                "outside:",
                "  listen: [udp:192.0.2.10:70000]",
                "limit:",
                "  max_headers: 60");
        Pattern positioned = Pattern.compile(Pattern.quote(config.toString()) + ":\\d+:\\d+: .+");

        Result result = run("check-config", config.toString());

        assertEquals(1, result.exit());
        assertEquals(2, result.errLines().size(), result.err());
        result.errLines().forEach(line -> assertTrue(positioned.matcher(line).matches(), line));
    }

    @Test
    void reportsMissingFileAtLineOneColumnOneAndExits1() {
        Path missing = dir.resolve("missing.yaml");

        Result result = run("check-config", missing.toString());

        assertEquals(1, result.exit());
        assertTrue(result.err().startsWith(missing + ":1:1: "), result.err());
    }

    @Test
    void bansNeedsASubcommandAndAnAddress() {
        assertEquals(2, run("bans").exit());
        Result noAddress = run("bans", "why");
        assertEquals(2, noAddress.exit());
        assertTrue(noAddress.err().startsWith("sbc bans: why needs one ADDRESS"), noAddress.err());
        assertEquals(2, run("bans", "list", "--admin", "ftp://127.0.0.1").exit());
        assertEquals(2, run("bans", "remove", "192.0.2.1", "--seconds", "5").exit());
        assertEquals(2, run("bans", "purge").exit());
    }
}
