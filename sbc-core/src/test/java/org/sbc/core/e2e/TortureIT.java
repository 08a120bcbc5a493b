package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sbc.core.SbcServer;
import org.sbc.core.b2bua.B2bua;
import org.sbc.core.config.B2buaConfig;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.Side;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Transport;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpPrefix;

/**
 * Every message of RFC 4475 (SIP torture tests) and RFC 5118 (IPv6 torture tests), byte for byte
 * from {@code src/test/resources/torture/}, sent over real UDP and TCP sockets to the SBC, with
 * what the RFC expects of it in {@link #EXPECTED}: relayed to the PBX (which answers, and the
 * answer must come back), answered by the SBC itself, or dropped. After every message the SBC
 * must still answer a well-formed OPTIONS on the same transport. docs/conformance.md lists the
 * outcomes and where they deviate from the RFC's preference, and why.
 */
class TortureIT {

    private static final String SBC_IP = "127.0.75.1";
    private static final String INSIDE_IP = "127.0.75.12";
    private static final String PBX_IP = "127.0.75.20";
    private static final String PHONE_IP = "127.0.75.30";
    /** Each case sends from its own address, so no late answer to one case can reach the next. */
    private static final java.util.concurrent.atomic.AtomicInteger CASE_HOSTS = new java.util.concurrent.atomic.AtomicInteger(100);
    private static final InetSocketAddress SIP = new InetSocketAddress(SBC_IP, 5060);
    private static final Path TORTURE = Path.of("src/test/resources/torture");

    /** How the PBX answers what reaches it: a final non-2xx, so that no dialog is left open. */
    private static final Map<String, Integer> PBX_ANSWERS = Map.of("INVITE", 486, "REGISTER", 403);
    private static final int PBX_DEFAULT_ANSWER = 404;

    /**
     * The outcome per message: {@code relay METHOD} (the PBX receives a METHOD request and its
     * answer reaches the sender), {@code answer CODE} (the SBC answers CODE itself), {@code drop}
     * (nothing comes back). A {@code tcp:} entry overrides the outcome over TCP.
     */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        // RFC 4475 §3.1.1: valid messages.
        expect("rfc4475/wsinv", "answer 481"); // its To has a tag: a re-INVITE for a dialog we do not hold
        expect("rfc4475/intmeth", "answer 400"); // deviation: quoted-pair NUL/BEL/DEL refused, see docs
        expect("rfc4475/esc01", "relay INVITE");
        expect("rfc4475/escnull", "relay REGISTER");
        expect("rfc4475/esc02", "answer 501");
        expect("rfc4475/lwsdisp", "relay OPTIONS");
        expect("rfc4475/longreq", "relay INVITE");
        expect("rfc4475/dblreq", "answer 400"); // deviation (UDP only): no truncation to Content-Length
        expect("rfc4475/semiuri", "relay OPTIONS");
        expect("rfc4475/transports", "relay OPTIONS");
        expect("rfc4475/mpart01", "relay MESSAGE");
        expect("rfc4475/unreason", "drop"); // a response matching no transaction of ours
        expect("rfc4475/noreason", "drop");
        // RFC 4475 §3.1.2: invalid messages.
        expect("rfc4475/badinv01", "answer 400");
        expect("rfc4475/clerr", "answer 400", "tcp:drop"); // over TCP the SBC waits for the rest
        expect("rfc4475/ncl", "drop"); // deviation: refused unanswered, see docs
        expect("rfc4475/scalar02", "answer 400");
        expect("rfc4475/scalarlg", "drop");
        expect("rfc4475/quotbal", "answer 400");
        expect("rfc4475/ltgtruri", "answer 400");
        expect("rfc4475/lwsruri", "answer 400");
        expect("rfc4475/lwsstart", "relay INVITE"); // liberal: forwarded with single SPs
        expect("rfc4475/trws", "answer 400");
        expect("rfc4475/escruri", "answer 400");
        expect("rfc4475/baddate", "answer 400");
        expect("rfc4475/regbadct", "answer 400");
        expect("rfc4475/badaspec", "answer 400");
        expect("rfc4475/baddn", "answer 400");
        expect("rfc4475/badvers", "answer 505");
        expect("rfc4475/mismatch01", "answer 400");
        expect("rfc4475/mismatch02", "answer 400");
        expect("rfc4475/bigcode", "drop");
        // RFC 4475 §3.2: transaction layer.
        expect("rfc4475/badbranch", "relay OPTIONS");
        // RFC 4475 §3.3: application layer.
        expect("rfc4475/insuf", "drop"); // deviation: no From/To/Call-ID to echo, see docs
        expect("rfc4475/unkscm", "answer 416");
        expect("rfc4475/novelsc", "answer 416");
        expect("rfc4475/unksm2", "answer 400");
        expect("rfc4475/bext01", "relay OPTIONS");
        expect("rfc4475/invut", "relay INVITE");
        expect("rfc4475/regaut01", "relay REGISTER");
        expect("rfc4475/multi01", "answer 400");
        expect("rfc4475/mcl01", "drop"); // deviation: refused unanswered, see docs
        expect("rfc4475/bcast", "drop");
        expect("rfc4475/zeromf", "answer 200"); // RFC 3261 §16.3 item 2: OPTIONS probes this hop
        expect("rfc4475/cparam01", "relay REGISTER");
        expect("rfc4475/cparam02", "relay REGISTER");
        expect("rfc4475/regescrt", "relay REGISTER");
        expect("rfc4475/sdp01", "relay INVITE");
        // RFC 4475 §3.4: RFC 2543 syntax (no Content-Length: a stream cannot be framed).
        expect("rfc4475/inv2543", "answer 400"); // deviation: no Max-Forwards refused (loop guard)
        // RFC 5118 §4.
        expect("rfc5118/ipv6-good", "relay REGISTER");
        expect("rfc5118/ipv6-bad", "answer 400");
        expect("rfc5118/port-ambiguous", "relay REGISTER");
        expect("rfc5118/port-unambiguous", "relay REGISTER");
        expect("rfc5118/via-received-param-with-delim", "answer 481"); // a BYE for no dialog
        expect("rfc5118/via-received-param-no-delim", "relay OPTIONS");
        expect("rfc5118/ipv6-in-sdp", "relay INVITE");
        expect("rfc5118/mult-ip-in-header", "answer 481");
        expect("rfc5118/mult-ip-in-sdp", "relay INVITE");
        expect("rfc5118/ipv4-mapped-ipv6", "relay INVITE");
        expect("rfc5118/ipv6-bug-abnf-3-colons", "answer 400");
        expect("rfc5118/ipv6-correct-abnf-2-colons", "relay OPTIONS");
    }

    /** Messages that only mean something in one datagram (RFC 4475 §3.1.1.8: extra octets after the message). */
    private static final List<String> UDP_ONLY = List.of("rfc4475/dblreq");

    /**
     * Both RFCs reuse transaction identifiers: each of these messages has the same topmost Via
     * branch, sent-by and method as another one of the set, so an element that has seen one must
     * take the other for its retransmission (RFC 3261 §17.2.3) while the first one's transaction
     * lives. None of them tests its branch, so each copy is sent with the branch made its own
     * (a suffix, still behind the RFC 3261 cookie); every other octet is the RFC's.
     */
    private static final Map<String, List<String>> SHARED_BRANCHES = Map.of(
            "z9hG4bKkdjuw", List.of("rfc4475/cparam01", "rfc4475/cparam02", "rfc4475/escnull", "rfc4475/regescrt"),
            "z9hG4bKkdjuw39234", List.of("rfc4475/novelsc", "rfc4475/unkscm"),
            "z9hG4bKas3-111", List.of("rfc5118/ipv6-good", "rfc5118/ipv6-bad", "rfc5118/port-ambiguous",
                    "rfc5118/port-unambiguous", "rfc5118/ipv6-bug-abnf-3-colons", "rfc5118/ipv6-correct-abnf-2-colons"));

    /** The message as sent in one case: its own branch when it shares one (see {@link #SHARED_BRANCHES}). */
    static byte[] asSent(String message, byte[] bytes, String caseTag) {
        Optional<String> shared = SHARED_BRANCHES.entrySet().stream()
                .filter(e -> e.getValue().contains(message)).map(Map.Entry::getKey).findFirst();
        if (shared.isEmpty()) {
            return bytes;
        }
        String branch = shared.get();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        String param = "branch=" + branch;
        int at = text.indexOf(param);
        assertTrue(at >= 0 && text.indexOf(param, at + 1) < 0, message + " has " + param + " not exactly once");
        int end = at + param.length();
        return (text.substring(0, end) + "." + caseTag + text.substring(end)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void expect(String message, String udp, String... overrides) {
        EXPECTED.put(message + "|udp", udp);
        String tcp = udp;
        for (String override : overrides) {
            tcp = override.substring("tcp:".length());
        }
        EXPECTED.put(message + "|tcp", tcp);
    }

    private static SbcServer server;
    private static SipPeer pbx;

    @BeforeAll
    static void start() throws Exception {
        pbx = SipPeer.udp("pbx", PBX_IP, 5080, new InetSocketAddress(INSIDE_IP, 5070));
        SbcConfig config = TestServers.withTemporaryBanState(SbcConfig.defaults())
                .withSides(
                        new Side(List.of(new ListenAddress(Transport.UDP, InetAddress.getByName(SBC_IP), 5060),
                                new ListenAddress(Transport.TCP, InetAddress.getByName(SBC_IP), 5060))),
                        new Side(List.of(new ListenAddress(Transport.UDP, InetAddress.getByName(INSIDE_IP), 5070))))
                .withPbx(new PbxTarget("sip:" + PBX_IP + ":5080", PBX_IP, 5080, Transport.UDP))
                .withAdminListen(new InetSocketAddress(SBC_IP, 18477))
                .withB2bua(B2buaConfig.DEFAULT.withTimers(250, 1_000, 1_000));
        // 61 messages twice over, plus probes, from one address: not a flood to guard against here.
        server = SbcServer.start(config.withSecurity(config.security().withTrusted(CidrSet.of(List.of(
                IpPrefix.parse("127.0.75.0/24").orElseThrow())))));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        pbx.close();
    }

    @AfterEach
    void forgetWhatThePbxWasNotAskedAbout() {
        pbx.drain();
    }

    @Test
    void coversEveryMessageOfBothRfcs() throws IOException {
        List<String> files = new ArrayList<>();
        for (String rfc : List.of("rfc4475", "rfc5118")) {
            try (Stream<Path> list = Files.list(TORTURE.resolve(rfc))) {
                list.map(p -> rfc + "/" + p.getFileName().toString().replaceFirst("\\.sip$", "")).forEach(files::add);
            }
        }
        assertEquals(49 + 12, files.size(), "RFC 4475 has 49 messages, RFC 5118 has 12: " + files);
        for (String file : files) {
            assertTrue(EXPECTED.containsKey(file + "|udp"), "no expected outcome for " + file);
            byte[] bytes = Files.readAllBytes(TORTURE.resolve(file + ".sip"));
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int headerEnd = text.indexOf("\r\n\r\n");
            // A checkout that turned CRLF into LF made every message unparseable once (.gitattributes).
            assertTrue(headerEnd > 0 && !text.substring(0, headerEnd).matches("(?s).*[^\r]\n.*"),
                    file + ": the header block must end its lines with CRLF");
        }
    }

    static Stream<Arguments> cases() {
        // All UDP cases, then all TCP ones, which wait for every transaction of the UDP pass to
        // end (awaitNoTransactionsLeft): the same bytes again while the first copy's transaction
        // lives (64*T1 = 16 s here) would rightly be absorbed as a retransmission or a merged request.
        List<Arguments> cases = new ArrayList<>();
        for (String transport : List.of("udp", "tcp")) {
            EXPECTED.forEach((key, outcome) -> {
                String[] parts = key.split("\\|");
                if (parts[1].equals(transport) && !(transport.equals("tcp") && UDP_ONLY.contains(parts[0]))) {
                    cases.add(Arguments.of(parts[0], parts[1], outcome));
                }
            });
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} over {1}: {2}")
    @MethodSource("cases")
    void handlesTortureMessageAsTheRfcSaysAndKeepsServing(String message, String transport, String outcome)
            throws Exception {
        if (transport.equals("tcp")) {
            awaitNoTransactionsLeft();
        }
        int caseNumber = CASE_HOSTS.incrementAndGet();
        byte[] bytes = asSent(message, Files.readAllBytes(TORTURE.resolve(message + ".sip")), "t" + caseNumber);
        String host = "127.0.75." + caseNumber;
        try (Phone phone = Phone.open(host, transport, viaPort(bytes))) {
            phone.send(bytes);
            String[] expected = outcome.split(" ");
            switch (expected[0]) {
                case "relay" -> {
                    Optional<SipMsg> relayed = pbx.poll(m -> m.isRequest(expected[1]), Duration.ofSeconds(5));
                    if (relayed.isEmpty()) {
                        fail(message + ": the PBX got no " + expected[1] + "; the sender got "
                                + phone.anyMessage(Duration.ofMillis(100)).orElse("nothing"));
                    }
                    SipMsg request = relayed.get();
                    int status = PBX_ANSWERS.getOrDefault(expected[1], PBX_DEFAULT_ANSWER);
                    pbx.send(pbx.response(request, status, "Torture Answer", "pbx-tag", "", "", ""));
                    String answer = phone.finalResponse(Duration.ofSeconds(5))
                            .orElseThrow(() -> new AssertionError(message + ": the PBX's answer never came back"));
                    assertTrue(answer.startsWith("SIP/2.0 " + status + " "), message + ": " + answer);
                }
                case "answer" -> {
                    String answer = phone.finalResponse(Duration.ofSeconds(5))
                            .orElseThrow(() -> new AssertionError(message + ": expected " + expected[1] + ", got nothing"));
                    assertTrue(answer.startsWith("SIP/2.0 " + expected[1] + " "), message + ": " + answer);
                }
                case "drop" -> {
                    Optional<String> answer = phone.anyMessage(Duration.ofMillis(700));
                    assertTrue(answer.isEmpty(), message + ": expected no answer, got " + answer.orElse(""));
                }
                default -> fail("unknown outcome " + outcome);
            }
        }
        assertServesOptions(host, transport, message);
    }

    /**
     * "Jürgen Müller" as a phone sends it (UTF-8) reaches the PBX byte for byte, and the answer
     * that comes back to the phone through topology hiding carries it byte for byte too.
     */
    @Test
    void relaysUtf8DisplayNameByteExactBothWays() throws Exception {
        String name = "\"J\u00fcrgen M\u00fcller\"";
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        String invite = "INVITE sip:1000@" + SBC_IP + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + PHONE_IP + ":5060;branch=z9hG4bK-utf8-1;rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: " + name + " <sip:juergen@" + PHONE_IP + ">;tag=utf8\r\n"
                + "To: <sip:1000@" + SBC_IP + ">\r\n"
                + "Call-ID: utf8-display-name\r\nCSeq: 1 INVITE\r\n"
                + "Contact: <sip:juergen@" + PHONE_IP + ":5060>\r\nContent-Length: 0\r\n\r\n";
        try (Phone phone = Phone.open(PHONE_IP, "udp", 5060)) {
            phone.send(invite.getBytes(StandardCharsets.UTF_8));
            SipMsg relayed = pbx.expect("the INVITE with a UTF-8 display name", m -> m.isRequest("INVITE"));
            byte[] atPbx = relayed.text().getBytes(StandardCharsets.UTF_8);
            assertTrue(indexOf(atPbx, ("From: " + name + " <").getBytes(StandardCharsets.UTF_8)) >= 0,
                    "the PBX got: " + relayed.header("From"));
            pbx.send(pbx.response(relayed, 486, "Busy Here", "pbx-tag", "", "", ""));
            String answer = phone.finalResponse(Duration.ofSeconds(5)).orElseThrow();
            byte[] atPhone = answer.getBytes(StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("SIP/2.0 486 "), answer);
            assertTrue(indexOf(atPhone, nameBytes) >= 0, "the phone got: " + answer);
        }
    }

    /**
     * A MESSAGE whose body is ISO-8859-1 text: its headers still cross in UTF-8 and its body byte
     * for byte (JAIN-SIP alone would encode the headers in the body's charset).
     */
    @Test
    void keepsHeadersUtf8AndBodyBytesWhenTheBodyIsLatin1() throws Exception {
        byte[] body = "Gr\u00fc\u00dfe".getBytes(StandardCharsets.ISO_8859_1);
        String head = "MESSAGE sip:1000@" + SBC_IP + " SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP " + PHONE_IP + ":5060;branch=z9hG4bK-latin1-1;rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: \"J\u00fcrgen\" <sip:juergen@" + PHONE_IP + ">;tag=latin1\r\n"
                + "To: <sip:1000@" + SBC_IP + ">\r\n"
                + "Call-ID: latin1-body\r\nCSeq: 1 MESSAGE\r\n"
                + "Content-Type: text/plain;charset=ISO-8859-1\r\nContent-Length: " + body.length + "\r\n\r\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(head.getBytes(StandardCharsets.UTF_8));
        bytes.write(body);
        try (Phone phone = Phone.open("127.0.75.31", "tcp", 5060)) {
            phone.send(bytes.toByteArray());
            SipMsg relayed = pbx.expect("the MESSAGE with a Latin-1 body", m -> m.isRequest("MESSAGE"));
            assertTrue(relayed.header("From").startsWith("\"J\u00fcrgen\""), "the PBX got: " + relayed.header("From"));
            // SipPeer reads UTF-8: the two Latin-1 octets (FC DF) that are not UTF-8 read as U+FFFD each.
            assertEquals("Gr\ufffd\ufffde", relayed.body(), "the PBX got the body " + relayed.body());
            pbx.send(pbx.response(relayed, 200, "OK", "pbx-tag", "", "", ""));
            assertTrue(phone.finalResponse(Duration.ofSeconds(5)).orElseThrow().startsWith("SIP/2.0 200 "));
        }
    }

    private static boolean udpPassEnded;

    /** Once, before the TCP pass: the UDP pass must leave nothing behind, and its copies must be gone. */
    private static void awaitNoTransactionsLeft() throws InterruptedException {
        if (udpPassEnded) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        B2bua.State state = server.b2bua().state();
        while (!state.idleButRegistrations() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            state = server.b2bua().state();
        }
        assertTrue(state.idleButRegistrations(), "the UDP pass left state behind: " + state);
        udpPassEnded = true;
    }

    private static void assertServesOptions(String host, String transport, String after) throws IOException {
        try (Phone probe = Phone.open(host, transport, 0)) {
            probe.send(SipClient.options(host, probe.localPort(), SBC_IP + ":5060", transport.toUpperCase(),
                    "probe-" + System.nanoTime()).getBytes(StandardCharsets.US_ASCII));
            Optional<String> answer = probe.finalResponse(Duration.ofSeconds(5));
            assertTrue(answer.isPresent() && answer.get().startsWith("SIP/2.0 200 "),
                    "no 200 to OPTIONS over " + transport + " after " + after + ": " + answer);
        }
    }

    private static final Pattern TOP_VIA = Pattern.compile(
            "(?im)^(?:via|v)\\s*:\\s*SIP\\s*/\\s*2\\.0\\s*/\\s*\\w+\\s+(\\[[^\\]]*\\]|[^\\s;:,]+)(?:\\s*:\\s*(\\d+))?");

    /** The port of the top Via's sent-by: where an answer over UDP without rport goes (RFC 3261 §18.2.2). */
    static int viaPort(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1).replaceAll("\r\n[ \t]+", " ");
        Matcher m = TOP_VIA.matcher(text);
        return m.find() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 5060;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A phone: one UDP socket on a given address and port, or one TCP connection from an address. */
    private static final class Phone implements AutoCloseable {

        private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\\r\\n(?:Content-Length|l)\\s*:\\s*(\\d+)");

        private final DatagramSocket udp;
        private final Socket tcp;

        private Phone(DatagramSocket udp, Socket tcp) {
            this.udp = udp;
            this.tcp = tcp;
        }

        static Phone open(String host, String transport, int udpPort) throws IOException {
            if (transport.equals("udp")) {
                DatagramSocket socket = new DatagramSocket(null);
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(host), udpPort));
                return new Phone(socket, null);
            }
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            socket.connect(SIP, 2_000);
            return new Phone(null, socket);
        }

        int localPort() {
            return udp != null ? udp.getLocalPort() : tcp.getLocalPort();
        }

        void send(byte[] bytes) throws IOException {
            if (udp != null) {
                udp.send(new DatagramPacket(bytes, bytes.length, SIP));
            } else {
                tcp.getOutputStream().write(bytes);
                tcp.getOutputStream().flush();
            }
        }

        /** The first final response within {@code within} (provisional ones skipped), as ISO-8859-1 text. */
        Optional<String> finalResponse(Duration within) throws IOException {
            long deadline = System.nanoTime() + within.toNanos();
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return Optional.empty();
                }
                Optional<String> next = anyMessage(Duration.ofMillis(left));
                if (next.isEmpty()) {
                    return next;
                }
                if (next.get().startsWith("SIP/2.0 ") && !next.get().startsWith("SIP/2.0 1")) {
                    return next;
                }
            }
        }

        /** The next message within {@code within}, empty when none came (or the SBC closed the connection). */
        Optional<String> anyMessage(Duration within) throws IOException {
            int millis = (int) Math.max(1, within.toMillis());
            try {
                if (udp != null) {
                    udp.setSoTimeout(millis);
                    byte[] buffer = new byte[65_535];
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    udp.receive(packet);
                    return Optional.of(new String(buffer, 0, packet.getLength(), StandardCharsets.ISO_8859_1));
                }
                tcp.setSoTimeout(millis);
                return Optional.ofNullable(readFramed(tcp.getInputStream()));
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            } catch (java.net.SocketException e) {
                return Optional.empty(); // reset by the SBC: nothing came back
            }
        }

        private static String readFramed(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                if (head.size() == 0 && (b == '\r' || b == '\n')) {
                    continue;
                }
                head.write(b);
                matched = (b == '\r' || b == '\n') && (matched % 2 == 0 ? b == '\r' : b == '\n') ? matched + 1 : 0;
            }
            String headers = head.toString(StandardCharsets.ISO_8859_1);
            Matcher m = CONTENT_LENGTH.matcher(headers);
            byte[] body = in.readNBytes(m.find() ? Integer.parseInt(m.group(1)) : 0);
            return headers + new String(body, StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() {
            try {
                if (udp != null) {
                    udp.close();
                } else {
                    tcp.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
