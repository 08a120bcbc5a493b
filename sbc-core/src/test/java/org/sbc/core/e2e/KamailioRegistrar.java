package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Kamailio (Debian package kamailio) as the registrar/PBX behind the SBC, configured by
 * kamailio/registrar.cfg: digest REGISTER with one password for every user, contacts in memory,
 * any R-URI host a tenant of its own, calls forked to every contact of the AOR.
 *
 * Everything it writes (the cfg copy, log, pid file, control socket) stays in the caller's work
 * directory, so registrars of parallel tests never meet and no root-owned /run path is needed.
 */
final class KamailioRegistrar implements AutoCloseable {

    /** The digest password of every user. */
    static final String PASSWORD = "secret";

    /** One registered contact, as kamcmd ul.lookup lists it; "" where Kamailio says [not set]. */
    record Location(String contact, String callId, long cseq, long expires, String received, String path,
            String instance, String userAgent, String socket) {}

    private static final Duration READY_WITHIN = Duration.ofSeconds(10);
    // sockaddr_un.sun_path is 108 bytes; longer paths fail at bind with a cryptic error.
    private static final int MAX_SOCKET_PATH = 100;

    private final Process process;
    private final String ip;
    private final int port;
    private final Path workDir;
    private final Path log;
    private final Path controlSocket;

    private KamailioRegistrar(Process process, String ip, int port, Path workDir) {
        this.process = process;
        this.ip = ip;
        this.port = port;
        this.workDir = workDir;
        this.log = workDir.resolve("kamailio.log");
        this.controlSocket = workDir.resolve("kamailio_ctl");
    }

    /** What the registrar challenges: REGISTER only, or initial INVITEs as well (registrar.cfg's AUTH_CALLS). */
    enum Challenge { REGISTRATIONS, CALLS }

    /** Starts Kamailio on udp+tcp {@code ip}:{@code port} and returns once it serves SIP and RPC. */
    static KamailioRegistrar start(String ip, int port, Path workDir) throws Exception {
        return start(ip, port, workDir, Challenge.REGISTRATIONS);
    }

    /** As {@link #start(String, int, Path)}, challenging what {@code challenge} says. */
    static KamailioRegistrar start(String ip, int port, Path workDir, Challenge challenge) throws Exception {
        if (!ip.startsWith("127.")) {
            throw new IllegalArgumentException("loopback only: " + ip);
        }
        Tools.require("kamailio", "kamailio");
        Tools.require("kamcmd", "kamailio");
        Path dir = Files.createDirectories(workDir).toAbsolutePath();
        String socket = dir.resolve("kamailio_ctl").toString();
        if (socket.length() > MAX_SOCKET_PATH || dir.toString().contains("!")) {
            // '!' is the separator of the --substdef expressions below.
            throw new IllegalArgumentException("work dir unusable for the control socket: " + dir);
        }
        Path cfg = dir.resolve("registrar.cfg");
        try (InputStream template = KamailioRegistrar.class.getResourceAsStream("/kamailio/registrar.cfg")) {
            if (template == null) {
                throw new IllegalStateException("kamailio/registrar.cfg is not on the test classpath");
            }
            Files.write(cfg, template.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of("kamailio",
                "-DD", // no daemon: this Process is Kamailio's main process, the parent of all its workers
                "-E", "-f", cfg.toString(),
                "--substdef=!REG_IP!" + ip + "!g",
                "--substdef=!REG_PORT!" + port + "!g",
                "--substdef=!REG_DIR!" + dir + "!g",
                "--substdef=!REG_PASSWORD!" + PASSWORD + "!g",
                "-Y", dir.toString(), "-P", dir.resolve("kamailio.pid").toString(), "-w", dir.toString()));
        if (challenge == Challenge.CALLS) {
            command.addAll(List.of("-A", "AUTH_CALLS"));
        }
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("kamailio.log").toFile()).start();
        KamailioRegistrar registrar = new KamailioRegistrar(process, ip, port, dir);
        try {
            registrar.awaitReady(command);
        } catch (Throwable e) {
            registrar.close();
            throw e;
        }
        return registrar;
    }

    String address() {
        return ip + ":" + port;
    }

    Path log() {
        return log;
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * The live contacts of {@code aor} ("bob@tenant-a.example"); expired ones not yet purged are
     * left out. Unchecked, so that it fits in an assertion's message supplier.
     */
    List<Location> locations(String aor) {
        String dump = rpc("ul.lookup", "location", aor);
        if (dump.contains("AOR not found")) {
            return List.of();
        }
        if (dump.startsWith("error")) {
            fail("kamcmd ul.lookup " + aor + ": " + dump);
        }
        return parseContacts(dump);
    }

    /** Polls until {@code aor} has exactly {@code count} contacts, else fails with the table and the log. */
    void awaitLocations(String aor, int count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<Location> seen;
        do {
            seen = locations(aor);
            if (seen.size() == count) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        fail(aor + ": expected " + count + " contacts within " + within + ", has " + seen.size() + ":\n"
                + rpc("ul.dump") + "\n--- kamailio log:\n" + logTail(40));
    }

    /** One kamcmd command on this registrar's control socket (e.g. "ul.dump"); its output, or "error: ...". */
    String rpc(String... rpcCommand) {
        List<String> command = new ArrayList<>(List.of("kamcmd", "-s", "unix:" + controlSocket));
        command.addAll(List.of(rpcCommand));
        try {
            Path out = Files.createTempFile(workDir, "kamcmd", ".out");
            try {
                // Output to a file, not a pipe: a kamcmd that hangs must not hang its reader too.
                Process kamcmd = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
                if (!kamcmd.waitFor(5, TimeUnit.SECONDS)) {
                    kamcmd.destroyForcibly();
                    kamcmd.waitFor(2, TimeUnit.SECONDS);
                    return "error: kamcmd did not answer within 5 s: " + command;
                }
                String text = Files.readString(out, StandardCharsets.ISO_8859_1).strip();
                if (kamcmd.exitValue() != 0 && !text.startsWith("error")) {
                    return "error: kamcmd exited " + kamcmd.exitValue() + ": " + text;
                }
                return text;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /**
     * Ends Kamailio and every worker it forked. SIGTERM first, so the main process stops its
     * workers itself; any worker still alive after that (its parent killed hard) is ended by PID.
     */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> workers = process.toHandle().descendants().toList(); // before they lose their parent
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        for (ProcessHandle worker : workers) {
            if (worker.isAlive()) {
                worker.destroyForcibly();
            }
        }
        for (ProcessHandle worker : workers) {
            try {
                worker.onExit().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // Reported by the caller's own leak checks, if any; close() must not throw over it.
            }
        }
    }

    /** Ready means: RPC answers, and SIP is served on UDP and on TCP (an OPTIONS gets its 200). */
    private void awaitReady(List<String> command) throws Exception {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        String lastProblem = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("kamailio exited " + process.exitValue() + " while starting: " + command + "\n" + logTail(40));
            }
            try {
                String uptime = rpc("core.uptime");
                if (!uptime.contains("uptime")) {
                    lastProblem = "core.uptime: " + uptime;
                } else if (!optionsAnswered(false)) {
                    lastProblem = "no 200 to OPTIONS over UDP";
                } else if (!optionsAnswered(true)) {
                    lastProblem = "no 200 to OPTIONS over TCP";
                } else {
                    return;
                }
            } catch (IOException e) {
                lastProblem = e.toString();
            }
            Thread.sleep(50);
        }
        fail("kamailio not ready within " + READY_WITHIN + " (" + lastProblem + "): " + command + "\n" + logTail(40));
    }

    private boolean optionsAnswered(boolean tcp) throws IOException {
        InetAddress address = InetAddress.getByName(ip);
        String transport = tcp ? "TCP" : "UDP";
        if (tcp) {
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(address, 0));
                socket.connect(new InetSocketAddress(address, port), 1_000);
                socket.setSoTimeout(1_000);
                socket.getOutputStream().write(options(transport, socket.getLocalPort()));
                byte[] reply = new byte[2048];
                int n = socket.getInputStream().read(reply);
                return n > 0 && new String(reply, 0, n, StandardCharsets.ISO_8859_1).startsWith("SIP/2.0 200");
            } catch (SocketTimeoutException | java.net.ConnectException e) {
                return false;
            }
        }
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0))) {
            socket.setSoTimeout(500);
            byte[] request = options(transport, socket.getLocalPort());
            socket.send(new DatagramPacket(request, request.length, address, port));
            DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
            socket.receive(reply);
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.ISO_8859_1).startsWith("SIP/2.0 200");
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private byte[] options(String transport, int localPort) {
        String branch = "z9hG4bK-ready-" + System.nanoTime();
        return ("OPTIONS sip:" + ip + ":" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " " + ip + ":" + localPort + ";branch=" + branch + ";rport\r\n"
                + "From: <sip:harness@" + ip + ">;tag=ready\r\n"
                + "To: <sip:" + ip + ":" + port + ">\r\n"
                + "Call-ID: " + branch + "@" + ip + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * kamcmd prints the RPC result as an indented tree of "Key: value" lines and "Key: {" ...
     * "}" blocks; each "Contact: {" block is one location.
     */
    static List<Location> parseContacts(String dump) {
        List<Location> locations = new ArrayList<>();
        Map<String, String> contact = null;
        for (String raw : dump.split("\n")) {
            String line = raw.strip();
            if (line.equals("Contact: {")) {
                contact = new HashMap<>();
            } else if (contact != null && line.equals("}")) {
                String expires = contact.getOrDefault("Expires", "");
                // "expired"/"deleted": gone as far as routing goes, only not yet purged by the timer.
                if (expires.equals("permanent") || expires.matches("\\d+")) {
                    locations.add(new Location(value(contact, "Address"), value(contact, "Call-ID"),
                            number(contact, "CSeq"), expires.equals("permanent") ? Long.MAX_VALUE : Long.parseLong(expires),
                            value(contact, "Received"), value(contact, "Path"), value(contact, "Instance"),
                            value(contact, "User-Agent"), value(contact, "Socket")));
                }
                contact = null;
            } else if (contact != null) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    contact.put(line.substring(0, colon), line.substring(colon + 2));
                }
            }
        }
        return locations;
    }

    private static String value(Map<String, String> contact, String key) {
        String value = contact.getOrDefault(key, "");
        return value.equals("[not set]") ? "" : value;
    }

    private static long number(Map<String, String> contact, String key) {
        String value = value(contact, key);
        return value.matches("-?\\d+") ? Long.parseLong(value) : -1;
    }
}
