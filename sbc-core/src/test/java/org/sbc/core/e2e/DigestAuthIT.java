package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.edge.ban.BanReason;
import org.sbc.core.metrics.Counter;
import org.sbc.core.testing.RecordingBans;
import org.sbc.core.testing.TestPeers;
import org.sbc.feeds.IpPrefix;

/**
 * Digest authentication in challenge mode on a real server, against SIPVicious and a scripted
 * client. The scanner list of secfilter is switched off here, so that these tests show that
 * authentication holds on its own. MD5 is offered first because svcrack speaks only MD5 and
 * answers the first challenge header; the scripted client answers the SHA-256 one.
 */
@Timeout(90)
class DigestAuthIT {

    private static final String SBC_IP = "127.0.21.1";
    private static final int ADMIN_PORT = 18211;
    private static final InetSocketAddress SBC = new InetSocketAddress(TestPeers.ip(SBC_IP), 5060);
    private static final String REALM = "sbc.test";
    private static final String PASSWORD = "Kx7-plover-91";
    private static final int PER_USER = 3;
    private static final int PER_SOURCE = 8;

    @TempDir
    static Path dir;
    private static final RecordingBans BANS = new RecordingBans();
    private static SbcServer server;

    static String hash(String algorithm, String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("credentials"), "# username:realm:algorithm:ha1\n"
                + "100:" + REALM + ":MD5:" + hash("MD5", "100:" + REALM + ":" + PASSWORD) + "\n"
                + "100:" + REALM + ":SHA-256:" + hash("SHA-256", "100:" + REALM + ":" + PASSWORD) + "\n");
        Path config = Files.writeString(dir.resolve("sbc.yaml"), TestServers.listenYaml(SBC_IP, ADMIN_PORT) + """
                security:
                  secfilter:
                    user_agent: {deny: []}
                  auth:
                    challenge: [127.0.0.0/8]
                    realm: sbc.test
                    credentials_file: credentials
                    nonce_secret: 8d3f0b6e1a9c4d72e5b8f1a03c6d9e2f
                    algorithms: [MD5, SHA-256]
                    failures: {per_user: 3, per_source: 8}
                """);
        server = TestServers.start(config, BANS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static boolean bannedWasRequested(String ip) {
        return BANS.requests().stream().anyMatch(r -> r.target().equals(IpPrefix.of(TestPeers.ip(ip))));
    }

    @Test
    void svwarFindsNoExtensionAndIsNotBannedForBeingChallenged() throws Exception {
        String output = Sipvicious.run("svwar", List.of("-p", "5060", "-P", "5072", "-e", "100-120", "--force"),
                "127.0.21.2", SBC_IP, 45);

        assertTrue(output.contains("found nothing"), output);
        assertFalse(output.contains("exists"), output);
        assertFalse(bannedWasRequested("127.0.21.2"), "a challenge of a request without credentials is no failure");
    }

    @Test
    void svcrackNeverFindsThePasswordAndIsBannedWithinTheConfiguredFailures() throws Exception {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            words.add("guess" + i);
        }
        Path dictionary = Files.write(dir.resolve("words.txt"), words);

        String output = Sipvicious.run("svcrack", List.of("-p", "5060", "-P", "5073", "-u", "100",
                "-d", dictionary.toString(), "--maximumtime", "5"), "127.0.21.3", SBC_IP, 60);

        assertFalse(output.contains("The password for"), output);
        assertTrue(output.contains("found nothing"), output);
        RecordingBans.Request ban = BANS.requests().stream()
                .filter(r -> r.target().equals(IpPrefix.of(TestPeers.ip("127.0.21.3")))).findFirst()
                .orElseThrow(() -> new AssertionError("no ban requested\n" + output));
        assertEquals(BanReason.AUTH, ban.reason());
        assertEquals(PER_SOURCE, ban.evidence().counters().get("source_failures"));
        assertTrue(server.counters().get(Counter.AUTH_BLOCKED) > 0, "the user was blocked for that source first");
    }

    @Test
    void correctSha256DigestPassesAndReachesTheEndOfThePipeline() throws Exception {
        try (SipClient client = new SipClient("127.0.21.4", SBC)) {
            String challenge = exchange(client, register(client, "100", "ok-1", Optional.empty()));
            assertTrue(challenge.startsWith("SIP/2.0 401 "), challenge);
            String nonce = challengeParameter(challenge, "SHA-256", "nonce");

            long relayed = server.counters().get(Counter.REGISTRATIONS_RELAYED);
            client.send(register(client, "100", "ok-2", Optional.of(authorization("100", PASSWORD, nonce, "SHA-256")))
                    .getBytes(StandardCharsets.US_ASCII));

            // Passed on: the B2BUA relays it to the PBX (absent here), so no challenge or refusal comes back.
            Optional<String> answer = client.receive(1_000);
            assertTrue(answer.isEmpty(), "authenticated REGISTER answered by the edge: " + answer);
            assertEquals(relayed + 1, server.counters().get(Counter.REGISTRATIONS_RELAYED));
        }
    }

    @Test
    void unknownUserAndWrongPasswordGetIndistinguishableAnswers() throws Exception {
        try (SipClient client = new SipClient("127.0.21.5", SBC)) {
            String unknown = answerWithCredentials(client, "999", "whatever", "u");
            String wrong = answerWithCredentials(client, "100", "not-it", "w");

            assertEquals(statusLine(wrong), statusLine(unknown));
            assertEquals(headerNames(wrong), headerNames(unknown));
            assertTrue(statusLine(wrong).startsWith("SIP/2.0 401 "), wrong);
        }
    }

    private String answerWithCredentials(SipClient client, String user, String password, String tag) throws Exception {
        String nonce = challengeParameter(exchange(client, register(client, user, tag + "-1", Optional.empty())),
                "SHA-256", "nonce");
        return exchange(client, register(client, user, tag + "-2", Optional.of(authorization(user, password, nonce, "SHA-256"))));
    }

    private static String statusLine(String response) {
        return response.substring(0, response.indexOf("\r\n"));
    }

    private static List<String> headerNames(String response) {
        List<String> names = new ArrayList<>();
        for (String line : response.substring(response.indexOf("\r\n") + 2, response.indexOf("\r\n\r\n")).split("\r\n")) {
            names.add(line.substring(0, line.indexOf(':')));
        }
        return names;
    }

    private static String exchange(SipClient client, String request) throws Exception {
        client.send(request.getBytes(StandardCharsets.US_ASCII));
        return client.receive(3_000).orElseThrow(() -> new AssertionError("no answer to\n" + request));
    }

    private static String register(SipClient client, String user, String callId, Optional<String> authorization) {
        return "REGISTER sip:" + SBC_IP + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + client.localAddress() + ";branch=z9hG4bK" + callId + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + SBC_IP + ">;tag=" + callId + "\r\n"
                + "To: <sip:" + user + "@" + SBC_IP + ">\r\n"
                + "Call-ID: " + callId + "@" + client.localAddress() + "\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: <sip:" + user + "@" + client.localAddress() + ">\r\n"
                + authorization.map(a -> "Authorization: " + a + "\r\n").orElse("")
                + "Content-Length: 0\r\n\r\n";
    }

    /** RFC 7616 §3.4.1 with qop=auth, computed here independently of the SBC's code. */
    private static String authorization(String user, String password, String nonce, String algorithm) throws Exception {
        String javaName = algorithm.equals("MD5") ? "MD5" : "SHA-256";
        String uri = "sip:" + SBC_IP;
        String ha1 = hash(javaName, user + ":" + REALM + ":" + password);
        String ha2 = hash(javaName, "REGISTER:" + uri);
        String response = hash(javaName, ha1 + ":" + nonce + ":00000001:abc123:auth:" + ha2);
        return "Digest username=\"" + user + "\",realm=\"" + REALM + "\",nonce=\"" + nonce + "\",uri=\"" + uri
                + "\",response=\"" + response + "\",algorithm=" + algorithm + ",qop=auth,nc=00000001,cnonce=\"abc123\"";
    }

    /** A parameter of the WWW-Authenticate header that offers {@code algorithm}. */
    private static String challengeParameter(String response, String algorithm, String name) {
        for (String line : response.split("\r\n")) {
            if (line.startsWith("WWW-Authenticate:") && line.contains("algorithm=" + algorithm + ",")
                    || line.startsWith("WWW-Authenticate:") && line.endsWith("algorithm=" + algorithm)) {
                Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        throw new AssertionError("no " + algorithm + " challenge in\n" + response);
    }
}
