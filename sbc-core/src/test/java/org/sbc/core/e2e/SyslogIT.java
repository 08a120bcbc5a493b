package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.SecurityConfig;
import org.sbc.core.config.SecurityEventsConfig;
import org.sbc.core.config.Side;
import org.sbc.core.events.RecentEvents;
import org.sbc.core.events.SecurityEventDispatcher;
import org.sbc.core.events.SecurityEvents;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Transport;
import org.sbc.core.testing.Json;
import org.sbc.core.testing.TestCertificates;
import org.sbc.core.testing.TestEvents;
import org.sbc.core.tls.PemFiles;

/**
 * Security events reach a real rsyslog (started here, on its own address, config, work
 * directory and pid file, stopped by its PID) over UDP and TCP, one line each; a hostile
 * User-Agent arrives as one encoded event. TLS runs against an in-test JSSE server with
 * certificates made at test time, which also proves the collector's certificate is checked.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SyslogIT {

    private static final String IP = "127.0.30.1";
    private static final int UDP_PORT = 15140;
    private static final int TCP_PORT = 15141;
    private static final int TLS_PORT = 15142;
    private static final int TLS_WRONG_NAME_PORT = 15143;
    private static final int LATE_TCP_PORT = 15144;
    private static final int SERVER_UDP_PORT = 15145;
    private static final String SBC_IP = "127.0.30.2";
    private static final int SBC_SIP_PORT = 15150;
    private static final int SBC_ADMIN_PORT = 18300;

    @TempDir
    static Path dir;
    private static Process rsyslog;

    @BeforeAll
    static void startRsyslog() throws Exception {
        String rsyslogd = find("rsyslogd");
        Path conf = dir.resolve("rsyslog.conf");
        // Each input has its own ruleset and file, so a test reads only its own transport.
        // %rawmsg% is the message as it arrived; the second file shows how rsyslog parsed it.
        Files.writeString(conf, String.join("\n",
                "global(workDirectory=\"" + dir + "\" maxMessageSize=\"64k\")",
                "module(load=\"imudp\")",
                "module(load=\"imtcp\")",
                "template(name=\"raw\" type=\"string\" string=\"%rawmsg%\\n\")",
                "template(name=\"parsed\" type=\"string\" string=\"%syslogfacility-text% %syslogseverity-text%"
                        + " %app-name% %msgid% %structured-data%\\n\")",
                "input(type=\"imudp\" address=\"" + IP + "\" port=\"" + UDP_PORT + "\" ruleset=\"udp\")",
                "input(type=\"imtcp\" address=\"" + IP + "\" port=\"" + TCP_PORT + "\" ruleset=\"tcp\")",
                "input(type=\"imudp\" address=\"" + IP + "\" port=\"" + SERVER_UDP_PORT + "\" ruleset=\"server\")",
                "ruleset(name=\"udp\") {",
                "  action(type=\"omfile\" file=\"" + dir.resolve("udp.log") + "\" template=\"raw\")",
                "  action(type=\"omfile\" file=\"" + dir.resolve("udp-parsed.log") + "\" template=\"parsed\")",
                "}",
                "ruleset(name=\"server\") {",
                "  action(type=\"omfile\" file=\"" + dir.resolve("server.log") + "\" template=\"raw\")",
                "}",
                "ruleset(name=\"tcp\") {",
                "  action(type=\"omfile\" file=\"" + dir.resolve("tcp.log") + "\" template=\"raw\")",
                "}",
                ""));
        rsyslog = new ProcessBuilder(rsyslogd, "-n", "-f", conf.toString(), "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("rsyslogd.out").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(IP, TCP_PORT), 500);
                break;
            } catch (IOException notYet) {
                if (!rsyslog.isAlive() || System.nanoTime() > deadline) {
                    fail("rsyslogd did not start listening: " + Files.readString(dir.resolve("rsyslogd.out")));
                }
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stopRsyslog() throws Exception {
        if (rsyslog != null) {
            rsyslog.destroy(); // SIGTERM to this PID only
            if (!rsyslog.waitFor(10, TimeUnit.SECONDS)) {
                rsyslog.destroyForcibly();
            }
        }
    }

    @Test
    void eventsReachRsyslogOverUdpOneLineEach() throws Exception {
        Counters counters = new Counters();
        send(counters, "{transport: udp, address: \"" + IP + ":" + UDP_PORT + "\", format: cef}");

        List<String> lines = awaitLines(dir.resolve("udp.log"), 3);

        assertEquals(3, lines.size(), String.join("\n", lines));
        for (String line : lines) {
            assertTrue(line.matches("<\\d+>1 \\S+ \\S+ sbc \\d+ [A-Z_]+ \\[meta sequenceId=\"\\d\"] CEF:0\\|sbc\\|sbc\\|.*"),
                    line);
        }
        assertTrue(lines.get(0).startsWith("<84>1 2026-11-26T14:00:00.123Z "), lines.get(0));
        String hostile = lines.get(1);
        assertTrue(hostile.contains(" requestClientApplication=evil\\r\\n<13>1 FAKE|x\\=y\"]\\\\ act\\=allow\uFFFD\uFFFDend"
                + " suser="), hostile);
        assertEquals(List.of("authpriv warning sbc BAN [meta sequenceId=\"1\"]",
                "authpriv warning sbc SCANNER [meta sequenceId=\"2\"]",
                "authpriv info sbc UNBAN [meta sequenceId=\"3\"]"),
                awaitLines(dir.resolve("udp-parsed.log"), 3), "rsyslog parsed our header as RFC 5424");
        assertEquals(0, counters.get(Counter.SECURITY_EVENT_SINK_FAILURES));
    }

    @Test
    void eventsReachRsyslogOverTcpOneLineEach() throws Exception {
        Counters counters = new Counters();
        send(counters, "{transport: tcp, address: \"" + IP + ":" + TCP_PORT + "\", format: json, facility: local0}");

        List<String> lines = awaitLines(dir.resolve("tcp.log"), 3);

        assertEquals(3, lines.size(), String.join("\n", lines));
        List<Map<String, Object>> events = new ArrayList<>();
        for (String line : lines) {
            assertTrue(line.matches("<1\\d\\d>1 .* \\[meta sequenceId=\"\\d\"] \\{.*}"), line);
            events.add(Json.object(line.substring(line.indexOf('{'))));
        }
        assertEquals(List.of("BAN", "SCANNER", "UNBAN"), events.stream().map(e -> e.get("type")).toList());
        assertEquals(TestEvents.HOSTILE_USER_AGENT, events.get(1).get("user_agent"),
                "the hostile User-Agent arrives whole, encoded, inside one event");
        assertEquals(0, counters.get(Counter.SECURITY_EVENT_SINK_FAILURES));
    }

    @Test
    void eventsReachATlsCollectorThatChecksOurClientCertificate() throws Exception {
        TestCertificates.Pem server = TestCertificates.selfSigned(dir, "collector", IP);
        TestCertificates.Pem client = TestCertificates.selfSigned(dir, "sbc-client", null);
        try (TlsCollector collector = TlsCollector.start(TLS_PORT, server, client)) {
            Counters counters = new Counters();
            send(counters, "{transport: tls, address: \"" + IP + ":" + TLS_PORT + "\", format: json,"
                    + " ca_file: " + server.cert() + ", cert_file: " + client.cert() + ", key_file: " + client.key() + "}");

            List<String> messages = collector.await(3);

            assertEquals(3, messages.size());
            assertTrue(messages.get(0).startsWith("<84>1 2026-11-26T14:00:00.123Z "), messages.get(0));
            assertEquals(TestEvents.HOSTILE_USER_AGENT,
                    Json.object(messages.get(1).substring(messages.get(1).indexOf('{'))).get("user_agent"));
            assertEquals(0, counters.get(Counter.SECURITY_EVENT_SINK_FAILURES));
        }
    }

    @Test
    void refusesACollectorWhoseCertificateNamesAnotherAddress() throws Exception {
        TestCertificates.Pem server = TestCertificates.selfSigned(dir, "impostor", "127.0.30.9");
        TestCertificates.Pem client = TestCertificates.selfSigned(dir, "sbc-client2", null);
        try (TlsCollector collector = TlsCollector.start(TLS_WRONG_NAME_PORT, server, client)) {
            Counters counters = new Counters();
            send(counters, "{transport: tls, address: \"" + IP + ":" + TLS_WRONG_NAME_PORT + "\","
                    + " ca_file: " + server.cert() + ", cert_file: " + client.cert() + ", key_file: " + client.key() + "}");

            assertTrue(collector.received.isEmpty());
            assertEquals(3, counters.get(Counter.SECURITY_EVENT_SINK_FAILURES), "every event counted as lost");
        }
    }

    @Test
    void buffersWhileTheCollectorIsDownAndSendsOnceItIsUp() throws Exception {
        Counters counters = new Counters();
        SecurityEventDispatcher dispatcher = dispatcher(counters,
                "{transport: tcp, address: \"" + IP + ":" + LATE_TCP_PORT + "\"}");
        dispatcher.emit(TestEvents.ban("192.0.2.1", 1));
        dispatcher.emit(TestEvents.ban("192.0.2.2", 1));
        Thread.sleep(700); // at least one refused connection attempt

        try (PlainCollector collector = PlainCollector.start(LATE_TCP_PORT)) {
            List<String> messages = collector.await(2);
            dispatcher.close(Duration.ofSeconds(5));

            assertEquals(2, messages.size());
            assertTrue(messages.get(1).contains(" src=192.0.2.2 "), messages.get(1));
            assertEquals(0, counters.get(Counter.SECURITY_EVENT_SINK_FAILURES));
        }
    }

    @Test
    void theServerDeliversWhatStepsEmitToSyslogAndTheAdminApi() throws Exception {
        SecurityEventsConfig events = ConfigLoader.parse("security:\n  events:\n    syslog:\n      - {transport: udp,"
                + " address: \"" + IP + ":" + SERVER_UDP_PORT + "\", format: json}\n", "SyslogIT.yaml").security().events();
        InetAddress sbc = InetAddress.getByName(SBC_IP);
        SbcConfig config = SbcConfig.defaults()
                .withSides(new Side(List.of(new ListenAddress(Transport.UDP, sbc, SBC_SIP_PORT))), new Side(List.of()))
                .withAdminListen(new InetSocketAddress(sbc, SBC_ADMIN_PORT))
                .withSecurity(SecurityConfig.DEFAULT.withEvents(events));
        String api;
        try (SbcServer server = SbcServer.start(config)) {
            server.events().emit(TestEvents.scanner(TestEvents.HOSTILE_USER_AGENT));
            server.events().emit(TestEvents.scanner(TestEvents.HOSTILE_USER_AGENT)); // a repeat: summarised

            List<String> lines = awaitLines(dir.resolve("server.log"), 1);
            assertEquals(1, lines.size(), String.join("\n", lines));
            assertEquals(TestEvents.HOSTILE_USER_AGENT, Json.object(lines.get(0).substring(lines.get(0).indexOf('{')))
                    .get("user_agent"));
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + SBC_IP + ":" + SBC_ADMIN_PORT + "/api/events")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            api = response.body();
            assertEquals(2, server.counters().get(Counter.SECURITY_EVENTS_SCANNER));
            assertEquals(1, server.counters().get(Counter.SECURITY_EVENTS_SUPPRESSED));
        }
        List<?> listed = (List<?>) Json.object(api).get("events");
        assertEquals(1, listed.size(), api);
        assertEquals(2, awaitLines(dir.resolve("server.log"), 2).size(), "the pending summary goes out at shutdown");
    }

    /** A BAN, a SCANNER with the hostile User-Agent and an UNBAN, through the real pipeline. */
    private static void send(Counters counters, String sink) throws Exception {
        SecurityEventDispatcher dispatcher = dispatcher(counters, sink);
        dispatcher.emit(TestEvents.ban("192.0.2.1", 5060));
        dispatcher.emit(TestEvents.scanner(TestEvents.HOSTILE_USER_AGENT));
        dispatcher.emit(TestEvents.unbanManual("192.0.2.1"));
        dispatcher.close(Duration.ofSeconds(10));
    }

    /** Built from YAML through the production loader, as the server builds it. */
    private static SecurityEventDispatcher dispatcher(Counters counters, String sink) throws Exception {
        SecurityEventsConfig config = ConfigLoader.parse("security:\n  events:\n    log: false\n    syslog:\n      - "
                + sink + "\n", "SyslogIT.yaml").security().events();
        return SecurityEvents.start(config, counters, new RecentEvents(10));
    }

    private static List<String> awaitLines(Path file, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.size() >= expected) {
                    Thread.sleep(300); // anything more would be a split or duplicated event
                    return Files.readAllLines(file, StandardCharsets.UTF_8);
                }
            }
            Thread.sleep(50);
        }
        return lines;
    }

    private static String find(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        for (String d : dirs) {
            File file = new File(d, tool);
            if (file.canExecute()) {
                return file.getPath();
            }
        }
        fail(tool + " is not installed: ./run-tests installs it (apt-get install rsyslog)");
        throw new AssertionError("unreachable");
    }

    /** Reads RFC 6587 octet-counted frames from the connections it accepts. */
    private abstract static class Collector implements AutoCloseable {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final java.net.ServerSocket server;
        final Thread thread;

        Collector(java.net.ServerSocket server) {
            this.server = server;
            this.thread = new Thread(this::serve, "test-collector");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket connection = server.accept(); InputStream in = connection.getInputStream()) {
                    while (true) {
                        int length = 0;
                        int c;
                        while ((c = in.read()) != ' ') {
                            if (c < '0' || c > '9') {
                                throw new IOException("not octet counting: " + c);
                            }
                            length = length * 10 + (c - '0');
                        }
                        received.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // connection over (or a refused handshake); accept the next
                }
            }
        }

        List<String> await(int count) throws InterruptedException {
            List<String> messages = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (messages.size() < count) {
                String message = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (message == null) {
                    break;
                }
                messages.add(message);
            }
            return messages;
        }

        @Override
        public void close() throws IOException {
            server.close();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class PlainCollector extends Collector {
        private PlainCollector(java.net.ServerSocket server) {
            super(server);
        }

        static PlainCollector start(int port) throws IOException {
            java.net.ServerSocket server = new java.net.ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(IP, port));
            return new PlainCollector(server);
        }
    }

    /** A TLS collector that requires a client certificate signed by (here: equal to) {@code client}. */
    private static final class TlsCollector extends Collector {
        private TlsCollector(java.net.ServerSocket server) {
            super(server);
        }

        static TlsCollector start(int port, TestCertificates.Pem own, TestCertificates.Pem client) throws Exception {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("server", PemFiles.privateKey(own.key()), new char[0],
                    PemFiles.certificates(own.cert()).toArray(new X509Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity, new char[0]);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("client", PemFiles.certificates(client.cert()).get(0));
            TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trusted.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trusted.getTrustManagers(), null);
            SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            server.setReuseAddress(true);
            server.setNeedClientAuth(true);
            server.bind(new InetSocketAddress(IP, port));
            assertFalse(server.isClosed());
            return new TlsCollector(server);
        }
    }
}
