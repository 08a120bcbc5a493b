package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a SIPVicious tool (Debian package sipvicious: svmap, svwar, svcrack) against a loopback
 * target, bounded in time, and returns what it printed. A missing tool fails the test.
 *
 * <p>svwar and svcrack 0.3.3 ignore their {@code -b} option and bind every interface. The tool
 * therefore runs under a small Python shim that pins any wildcard bind to {@code bindIp}, so
 * the test binds only its own loopback address, and {@code -x bindIp} puts that address in Via.
 */
final class Sipvicious {

    private static final String BIND_SHIM = String.join("\n",
            "import os, runpy, socket, sys",
            "tool, ip = sys.argv[1], sys.argv[2]",
            "sys.path.insert(0, os.path.dirname(os.path.realpath(tool)))",
            "wildcard_bind = socket.socket.bind",
            "def pinned_bind(self, address):",
            "    if address[0] in ('', '0.0.0.0'):",
            "        address = (ip,) + tuple(address[1:])",
            "    return wildcard_bind(self, address)",
            "socket.socket.bind = pinned_bind",
            "sys.argv = [tool] + sys.argv[3:]",
            "runpy.run_path(tool, run_name='__main__')");

    private Sipvicious() {}

    static String run(String tool, List<String> args, String bindIp, String target, int timeoutSeconds)
            throws IOException, InterruptedException {
        Tools.require(tool, "sipvicious");
        if (!bindIp.startsWith("127.") || !target.startsWith("127.")) {
            throw new IllegalArgumentException("sipvicious targets loopback only: " + bindIp + " -> " + target);
        }
        Path executable = Path.of("/usr/bin", tool);
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                executable = Path.of(dir, tool);
                break;
            }
        }
        // The script's own interpreter (its #! line): the Debian package's modules are installed for it.
        String firstLine = Files.readAllLines(executable, StandardCharsets.ISO_8859_1).get(0);
        String interpreter = firstLine.startsWith("#!") ? firstLine.substring(2).strip() : "/usr/bin/python3";
        List<String> command = new ArrayList<>(List.of(interpreter, "-c", BIND_SHIM, executable.toString(), bindIp,
                "-x", bindIp));
        command.addAll(args);
        command.add(target);
        Path log = Files.createTempFile(tool, ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            fail(tool + " did not stop within " + timeoutSeconds + " s: " + command + "\n"
                    + Files.readString(log, StandardCharsets.ISO_8859_1));
        }
        String output = Files.readString(log, StandardCharsets.ISO_8859_1);
        Files.deleteIfExists(log);
        return "$ " + tool + " " + String.join(" ", command.subList(5, command.size())) + " (exit " + process.exitValue() + ")\n" + output;
    }
}
