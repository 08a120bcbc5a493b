package org.sbc.core.e2e;

import static java.util.Objects.requireNonNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real SIP phone: baresip 1.0.0 (Debian package baresip-core) with one AOR, on one loopback
 * address, with no sound card: either registered through an outbound proxy (the SBC), or not
 * registering at all and reached at its address. Its config directory is the caller's work
 * directory, so nothing of a user's ~/.baresip is read.
 *
 * Media without hardware: the microphone is ausine (a generated tone) and the speaker is an
 * aubridge device that no source reads, so received audio is simply dropped. Control is baresip's
 * stdio UI on the process's stdin: its long commands ("/accept", "/hangup", "/dial URI",
 * "/quit") work without a terminal. Everything it prints goes to the log, read live.
 */
final class BaresipPhone implements AutoCloseable {

    enum AnswerMode { AUTO, MANUAL }

    /**
     * SRTP (SDES) on the phone's account: baresip 1.0.0's srtp module and its {@code mediaenc}
     * names. {@link #BEST_EFFORT} offers RTP/AVP with a=crypto and falls back to RTP;
     * {@link #MANDATORY} offers RTP/SAVP and takes nothing else.
     */
    enum Srtp {
        OFF(null), BEST_EFFORT("srtp"), MANDATORY("srtp-mand");

        private final String mediaenc;

        Srtp(String mediaenc) {
            this.mediaenc = mediaenc;
        }
    }

    /**
     * What the phone sends and how: ausine's tone, in Hz (10 to 20000), and SRTP on its account.
     * {@link #DEFAULT} is a 440 Hz tone over plain RTP.
     */
    record Media(int toneHz, Srtp srtp) {

        static final Media DEFAULT = new Media(440, Srtp.OFF);

        Media {
            if (toneHz < 10 || toneHz > 20_000) {
                throw new IllegalArgumentException("toneHz: " + toneHz + " (expected: 10..20000, ausine's range)");
            }
            requireNonNull(srtp, "srtp");
        }
    }

    /** Log lines of baresip 1.0.0 worth waiting for with {@link #awaitLog}. */
    static final Pattern INCOMING_CALL = Pattern.compile("Incoming call from: ");
    static final Pattern CALL_ESTABLISHED = Pattern.compile(": Call established: ");
    /**
     * Either end of a call: its own /hangup prints "call: terminate call ..." at once, the far
     * end's BYE "sip:alice@...: session closed: ..."; "...: Call with ... terminated" follows
     * either only sometimes.
     */
    static final Pattern CALL_TERMINATED =
            Pattern.compile("call: terminate call |: session closed|: Call with .* terminated");

    /** The per-UA line on a 200 to its REGISTER, e.g. "bob@x: {0/UDP/v4} 200 OK (...)". */
    private static final String REGISTERED = "%s: \\{\\d+/%s/v4\\} 200 OK";
    /** baresip's line for a REGISTER that failed: "reg: sip:bob@x: 401 Unauthorized (...)", or an errno. */
    private static final Pattern REGISTER_FAILED = Pattern.compile("(?m)^reg: ");
    /** Printed once every module is loaded; its SIP socket may be bound a moment later. */
    private static final Pattern READY = Pattern.compile("baresip is ready\\.");
    private static final Pattern STATUS_LINE = Pattern.compile("\\[\\d+:\\d\\d:\\d\\d\\] audio=");
    private static final Duration READY_WITHIN = Duration.ofSeconds(10);

    private final Process process;
    private final Path dir;
    private final Writer logFile;
    private final StringBuilder log = new StringBuilder();
    private boolean outputEnded; // guarded by log
    private final String aor;

    private BaresipPhone(Process process, Path dir, String aor) throws IOException {
        this.process = process;
        this.dir = dir;
        this.aor = aor;
        this.logFile = Files.newBufferedWriter(dir.resolve("baresip.log"), StandardCharsets.UTF_8);
    }

    /** An auto-answering phone for {@code user}@{@code domain}, registering every 600 s through {@code outboundProxy}. */
    static BaresipPhone start(Path workDir, String user, String domain, String password, String transport,
            String localIp, InetSocketAddress outboundProxy) throws Exception {
        return start(user + "@" + domain, password, transport, localIp,
                outboundProxy.getAddress().getHostAddress() + ":" + outboundProxy.getPort(), AnswerMode.AUTO, workDir);
    }

    /** As {@link #start(String, String, String, String, String, AnswerMode, int, Path)}, registering every 600 s. */
    static BaresipPhone start(String aor, String password, String transport, String localIp, String outboundProxy,
            AnswerMode answerMode, Path workDir) throws Exception {
        return start(aor, password, transport, localIp, outboundProxy, answerMode, 600, workDir);
    }

    /**
     * Starts baresip and returns once its REGISTER got a 200.
     *
     * @param aor "bob@tenant-a.example"; the user is also the digest user
     * @param transport "udp" or "tcp", for the registration and the SIP socket it listens on
     * @param localIp the loopback address it listens on (a port of its own choosing) and puts in its SDP
     * @param outboundProxy "ip:port" every request is sent to (the SBC, or the registrar directly)
     * @param registerSeconds the Expires it asks for (baresip refreshes at about half of it)
     * @param workDir its config directory (created); baresip.log is written there too
     */
    static BaresipPhone start(String aor, String password, String transport, String localIp, String outboundProxy,
            AnswerMode answerMode, int registerSeconds, Path workDir) throws Exception {
        if (!localIp.startsWith("127.") || !outboundProxy.startsWith("127.")) {
            throw new IllegalArgumentException("loopback only: " + localIp + " -> " + outboundProxy);
        }
        if (!transport.equals("udp") && !transport.equals("tcp")) {
            throw new IllegalArgumentException("udp or tcp: " + transport);
        }
        String account = "<sip:" + aor + ";transport=" + transport + ">"
                + ";auth_pass=" + password
                + ";outbound=\"sip:" + outboundProxy + ";transport=" + transport + "\""
                + ";regint=" + registerSeconds
                + ";answermode=" + answerMode.name().toLowerCase(Locale.ROOT) + "\n";
        Pattern registered = Pattern.compile(String.format(REGISTERED, Pattern.quote(aor), transport.toUpperCase()));
        return launch(workDir, aor, config(localIp, 0, "20000-29999", Media.DEFAULT), account, phone -> {
            if (!phone.awaitLogOrFailure(registered, READY_WITHIN)) {
                fail("baresip " + aor + " got no 200 to its REGISTER via " + outboundProxy + " (waited at most "
                        + READY_WITHIN.toSeconds() + " s):\n" + phone.log());
            }
        });
    }

    /**
     * Starts baresip registered over TLS through {@code outboundProxy} (the SBC's tls: listener),
     * trusting the certificates in {@code caFile} (its sip_cafile), and returns once its REGISTER
     * got a 200; auto-answering, RTP on one of {@code rtpPorts}.
     */
    static BaresipPhone startTls(Path workDir, String aor, String password, String localIp,
            InetSocketAddress outboundProxy, Path caFile, String rtpPorts) throws Exception {
        return startVia("tls", workDir, aor, password, localIp, outboundProxy, caFile, rtpPorts);
    }

    /**
     * As {@link #startTls}, over {@code transport} ("udp", "tcp" or "tls"; {@code caFile} is
     * read for TLS only): a phone whose RTP ports a test can tell apart from another's.
     */
    static BaresipPhone startVia(String transport, Path workDir, String aor, String password, String localIp,
            InetSocketAddress outboundProxy, Path caFile, String rtpPorts) throws Exception {
        if (!localIp.startsWith("127.") || !outboundProxy.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("loopback only: " + localIp + " -> " + outboundProxy);
        }
        if (!List.of("udp", "tcp", "tls").contains(transport)) {
            throw new IllegalArgumentException("udp, tcp or tls: " + transport);
        }
        String proxy = outboundProxy.getAddress().getHostAddress() + ":" + outboundProxy.getPort();
        String account = "<sip:" + aor + ";transport=" + transport + ">;auth_pass=" + password
                + ";outbound=\"sip:" + proxy + ";transport=" + transport + "\";regint=600;answermode=auto\n";
        Pattern registered = Pattern.compile(String.format(REGISTERED, Pattern.quote(aor),
                transport.toUpperCase(Locale.ROOT)));
        String config = config(localIp, 0, rtpPorts, Media.DEFAULT)
                + (transport.equals("tls") ? "sip_cafile\t\t" + caFile.toAbsolutePath() + "\n" : "");
        return launch(workDir, aor, config, account, phone -> {
            if (!phone.awaitLogOrFailure(registered, READY_WITHIN)) {
                fail("baresip " + aor + " got no 200 to its REGISTER over " + transport + " via " + proxy
                        + " (waited at most " + READY_WITHIN.toSeconds() + " s):\n" + phone.log());
            }
        });
    }

    /**
     * Starts a baresip that does not register (regint=0) and returns once it listens for SIP on
     * udp {@code localIp}:{@code sipPort}: a peer reached at its address, as a PBX is.
     *
     * @param aor "bob@127.0.65.3"; an incoming INVITE is matched to it by the Request-URI's user alone
     * @param rtpPorts "46000-46099", the range its RTP port is taken from
     */
    static BaresipPhone startUnregistered(Path workDir, String aor, String localIp, int sipPort, String rtpPorts,
            AnswerMode answerMode) throws Exception {
        return startUnregistered(workDir, aor, localIp, sipPort, rtpPorts, answerMode, Media.DEFAULT);
    }

    /** As {@link #startUnregistered(Path, String, String, int, String, AnswerMode)}, sending {@code media}. */
    static BaresipPhone startUnregistered(Path workDir, String aor, String localIp, int sipPort, String rtpPorts,
            AnswerMode answerMode, Media media) throws Exception {
        if (!localIp.startsWith("127.")) {
            throw new IllegalArgumentException("loopback only: " + localIp);
        }
        String account = "<sip:" + aor + ";transport=udp>;regint=0;answermode="
                + answerMode.name().toLowerCase(Locale.ROOT)
                + (media.srtp().mediaenc == null ? "" : ";mediaenc=" + media.srtp().mediaenc) + "\n";
        return launch(workDir, aor, config(localIp, sipPort, rtpPorts, media), account, phone -> {
            phone.expect(READY, READY_WITHIN, "baresip " + aor + " did not start");
            awaitUdpBound(localIp, sipPort, Duration.ofSeconds(5));
        });
    }

    /** Waits until a started phone can be used, or fails; the phone is closed if it fails. */
    private interface Readiness {
        void await(BaresipPhone phone) throws Exception;
    }

    /** Writes config and accounts into {@code workDir}, starts baresip there and waits until it is {@code ready}. */
    private static BaresipPhone launch(Path workDir, String aor, String config, String account, Readiness ready)
            throws Exception {
        Tools.require("baresip", "baresip-core");
        Tools.require("stdbuf", "coreutils");
        Path dir = Files.createDirectories(workDir).toAbsolutePath();
        Files.writeString(dir.resolve("config"), config);
        Files.writeString(dir.resolve("accounts"), account);
        // stdbuf: baresip's stdout into a pipe is block-buffered, and a line waited for (a
        // hang-up, say) could sit in its buffer until it exits.
        Process process = new ProcessBuilder("stdbuf", "-oL", "-eL", "baresip", "-4", "-f", dir.toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        BaresipPhone phone = new BaresipPhone(process, dir, aor);
        phone.readOutput();
        try {
            ready.await(phone);
        } catch (Throwable e) {
            phone.close();
            throw e;
        }
        return phone;
    }

    /** Waits until something is bound to udp ip:port, as /proc/net/udp shows it. */
    private static void awaitUdpBound(String ip, int port, Duration within) throws Exception {
        if (!LocalSockets.awaitListening(ip, port, false, within, () -> true)) {
            fail("nothing listens on udp " + ip + ":" + port);
        }
    }


    /**
     * Only what a headless phone needs; every other module (alsa, stun/turn/ice, menu's contact
     * list, video) stays unloaded so nothing probes devices or the network beyond loopback.
     * SIP listens on {@code sipPort} (0: a port of its own choosing), RTP on one of {@code rtpPorts};
     * srtp.so is loaded only for a phone with SRTP, before account.so whose mediaenc names it.
     */
    private static String config(String localIp, int sipPort, String rtpPorts, Media media) {
        return String.join("\n",
                "poll_method\t\tepoll",
                // An IP here, not an interface name: the address SIP listens on and the SDP names.
                // (RTP sockets and outgoing TCP connections are not bound to it by baresip 1.0.0;
                // they leave from 127.0.0.1, the kernel's choice for any loopback destination.)
                "net_interface\t\t" + localIp,
                "sip_listen\t\t" + localIp + ":" + sipPort,
                // Nothing needs DNS (the outbound proxy is an IP), but should anything ask, the
                // query must stay on loopback rather than go to the system's resolver.
                "dns_server\t\t127.0.0.1:53",
                "call_local_timeout\t120",
                "call_max_calls\t\t4",
                // ausine's device is the tone's frequency in Hz.
                "audio_source\t\tausine," + media.toneHz(),
                // ausine refuses anything but 48 kHz stereo; baresip resamples to the codec's 8 kHz mono.
                "ausrc_srate\t\t48000",
                "ausrc_channels\t\t2",
                "audio_player\t\taubridge,nil",
                "audio_alert\t\taubridge,nil",
                "rtp_ports\t\t" + rtpPorts,
                "module_path\t\t/usr/lib/baresip/modules",
                "module\t\t\tstdio.so",
                "module\t\t\tg711.so",
                "module\t\t\tausine.so",
                "module\t\t\taubridge.so",
                media.srtp() == Srtp.OFF ? "# no srtp.so" : "module\t\t\tsrtp.so",
                "module_tmp\t\taccount.so",
                "module_app\t\tmenu.so",
                "");
    }

    /** Whether a line matching {@code pattern} has appeared in the log, waiting up to {@code within}. */
    boolean awaitLog(Pattern pattern, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (log) {
            while (true) {
                if (pattern.matcher(log).find()) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || outputEnded) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(log, left);
            }
        }
    }

    /** Fails with {@code failure} and the log unless a line matching {@code pattern} appears within {@code within}. */
    void expect(Pattern pattern, Duration within, String failure) throws InterruptedException {
        if (!awaitLog(pattern, within)) {
            fail(failure + " (waited for /" + pattern + "/):\n" + log());
        }
    }

    /** Everything baresip printed so far. */
    String log() {
        synchronized (log) {
            return log.toString();
        }
    }

    Path logFile() {
        return dir.resolve("baresip.log");
    }

    String aor() {
        return aor;
    }

    /** Answers the ringing call (AnswerMode.MANUAL). */
    void accept() throws IOException {
        command("/accept");
    }

    /** Ends the current call: BYE once answered, CANCEL while its own call rings, 486 to a call it was offered. */
    void hangup() throws IOException {
        command("/hangup");
    }

    /** Calls {@code uri} ("sip:alice@tenant-a.example") through the outbound proxy. */
    void dial(String uri) throws IOException {
        command("/dial " + uri);
    }

    /** Un-registers and quits; ended by PID if it has not after 5 s. */
    @Override
    public void close() throws InterruptedException {
        try {
            if (process.isAlive()) {
                command("/quit");
            }
        } catch (IOException e) {
            // Its stdin is gone: it is exiting already, or must be ended below.
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        }
    }

    private void command(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private boolean awaitLogOrFailure(Pattern success, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (awaitLog(success, Duration.ofMillis(100))) {
                return true;
            }
            // A rejected REGISTER will not turn into a 200 later: fail now with the reason.
            if (!process.isAlive() || REGISTER_FAILED.matcher(log()).find()) {
                return false;
            }
        }
        return false;
    }

    /** Copies baresip's output to the in-memory log (for awaitLog) and to baresip.log (for people). */
    private void readOutput() {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    String clean = line.replaceAll("\u001B\\[[;\\d]*m", ""); // colour codes would split matches
                    if (clean.isBlank() || STATUS_LINE.matcher(clean).lookingAt()) {
                        continue; // the call status line, redrawn after a CR several times a second
                    }
                    synchronized (log) {
                        log.append(clean).append('\n');
                        log.notifyAll();
                    }
                    logFile.write(clean + "\n");
                    logFile.flush();
                }
            } catch (IOException e) {
                synchronized (log) {
                    log.append("(log reader stopped: ").append(e).append(")\n");
                }
            } finally {
                try {
                    logFile.close();
                } catch (IOException e) {
                    // Nothing left to write it to.
                }
                synchronized (log) {
                    outputEnded = true;
                    log.notifyAll();
                }
            }
        }, "baresip-log-" + aor);
        reader.setDaemon(true);
        reader.start();
    }
}
