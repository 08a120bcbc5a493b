package org.sbc.core.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.header.SIPHeader;
import javax.sip.header.WWWAuthenticateHeader;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sbc.core.edge.auth.AuthConfig.FailureLimits;
import org.sbc.core.edge.auth.AuthConfig.NonceSecret;
import org.sbc.policies.Mode;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.edge.options.SelfAddresses;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.testing.RecordingBans;
import org.sbc.core.testing.RecordingEvents;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.SipTesting;
import org.sbc.core.testing.SipTesting.Sent;
import org.sbc.core.testing.TestClock;
import org.sbc.core.testing.TestPeers;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpPrefix;

public class DigestAuthenticatorTest {

    static final String REALM = "sbc.test";
    static final String PASSWORD = "correct horse";
    private static final Peer PHONE = TestPeers.udp("203.0.113.7", 40000);
    private static final String REGISTRAR = "sip:127.0.0.1";

    private final Counters counters = new Counters();
    private final RecordingBans bans = new RecordingBans();
    private final RecordingEvents events = new RecordingEvents();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-26T12:00:00Z"));
    private int branch;

    static DigestCredentials credentials() {
        return DigestCredentials.of(Map.of("100", Map.of(
                DigestAlgorithm.MD5, DigestComputation.ha1(DigestAlgorithm.MD5, "100", REALM, PASSWORD),
                DigestAlgorithm.SHA_256, DigestComputation.ha1(DigestAlgorithm.SHA_256, "100", REALM, PASSWORD))));
    }

    public static AuthConfig config(Mode mode, String challenge) {
        return new AuthConfig(mode, CidrSet.of(List.of(IpPrefix.parse(challenge).orElseThrow())), REALM, credentials(),
                Optional.of(new NonceSecret("5b0e7c1f9a3d46e2b8c4f0a17d5e9c3b")), 300,
                List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5), Set.copyOf(AuthConfig.DEFAULT_METHODS),
                new FailureLimits(600, 3, 6, 1_024), 1_024);
    }

    private EmbeddedChannel channel(AuthConfig config, CidrSet trusted) {
        return new EmbeddedChannel(new DigestAuthenticator(SipTesting.edgeContext(counters), config, trusted,
                new SelfAddresses(SbcConfig.defaults()), bans, events, clock));
    }

    private final EmbeddedChannel channel = channel(config(Mode.ENFORCE, "0.0.0.0/0"),
            CidrSet.empty());

    private SipMessages register() {
        return SipMessages.request("REGISTER", REGISTRAR)
                .header("Via", "SIP/2.0/UDP 203.0.113.7:40000;branch=z9hG4bK-auth-" + (++branch) + ";rport");
    }

    /** The answer to {@code message}, or null when it passed on. */
    private SIPResponse send(SipMessages message) {
        ReceivedMessage received = SipTesting.received(message, PHONE);
        if (channel.writeInbound(received)) {
            assertSame(received, channel.readInbound());
            assertNull(channel.readOutbound());
            return null;
        }
        return Sent.readFrom(channel).response();
    }

    private static List<WWWAuthenticateHeader> challenges(SIPResponse response, String name) {
        List<WWWAuthenticateHeader> found = new ArrayList<>();
        ListIterator<?> it = response.getHeaders(name);
        while (it.hasNext()) {
            found.add((WWWAuthenticateHeader) it.next());
        }
        return found;
    }

    static String authorization(String user, String password, DigestAlgorithm algorithm, String nonce,
            String method, String uri, String nc) {
        String ha1 = DigestComputation.ha1(algorithm, user, REALM, password);
        String response = DigestComputation.response(algorithm, ha1, nonce, nc, "c0ffee", method, uri);
        return "Digest username=\"" + user + "\",realm=\"" + REALM + "\",nonce=\"" + nonce + "\",uri=\"" + uri
                + "\",algorithm=" + algorithm.token() + ",qop=auth,nc=" + nc + ",cnonce=\"c0ffee\",response=\""
                + response + "\"";
    }

    private String freshNonce() {
        return challenges(send(register()), "WWW-Authenticate").get(0).getNonce();
    }

    private SIPResponse registerWith(String user, String password, DigestAlgorithm algorithm, String nonce, String nc) {
        return send(register().add("Authorization",
                authorization(user, password, algorithm, nonce, "REGISTER", REGISTRAR, nc)));
    }

    @Test
    void challengesRegisterWithoutCredentialsWithOneHeaderPerAlgorithmAndCountsNoFailure() {
        SIPResponse response = send(register());

        assertEquals(401, response.getStatusCode());
        List<WWWAuthenticateHeader> offered = challenges(response, "WWW-Authenticate");
        assertEquals(List.of("SHA-256", "MD5"), offered.stream().map(WWWAuthenticateHeader::getAlgorithm).toList());
        assertEquals(REALM, offered.get(0).getRealm());
        assertEquals("auth", offered.get(0).getQop());
        assertNull(offered.get(0).getParameter("stale"));
        assertEquals(1, counters.get(Counter.AUTH_CHALLENGED));
        assertEquals(0, counters.get(Counter.AUTH_FAILED));
        assertTrue(events.events().isEmpty(), "a first challenge is not a security event");
    }

    @Test
    void challengesInviteWith407AndProxyAuthenticate() {
        SIPResponse response = send(SipMessages.request("INVITE", "sip:200@127.0.0.1"));

        assertEquals(407, response.getStatusCode());
        assertEquals(2, challenges(response, "Proxy-Authenticate").size());
    }

    @Test
    void passesCorrectSha256AndMd5Credentials() {
        assertNull(registerWith("100", PASSWORD, DigestAlgorithm.SHA_256, freshNonce(), "00000001"));
        assertNull(registerWith("100", PASSWORD, DigestAlgorithm.MD5, freshNonce(), "00000001"));
        assertEquals(2, counters.get(Counter.AUTH_ACCEPTED));
    }

    @Test
    void passesInviteWithProxyAuthorization() {
        String nonce = challenges(send(SipMessages.request("INVITE", "sip:200@127.0.0.1")), "Proxy-Authenticate")
                .get(0).getNonce();
        SipMessages invite = SipMessages.request("INVITE", "sip:200@127.0.0.1").add("Proxy-Authorization",
                authorization("100", PASSWORD, DigestAlgorithm.SHA_256, nonce, "INVITE", "sip:200@127.0.0.1", "00000001"));

        assertNull(send(invite));
    }

    @Test
    void rechallengesWrongPasswordAndCountsAFailure() {
        SIPResponse response = registerWith("100", "wrong", DigestAlgorithm.SHA_256, freshNonce(), "00000001");

        assertEquals(401, response.getStatusCode());
        assertEquals(1, counters.get(Counter.AUTH_FAILED));
        assertEquals(SecurityEventType.AUTH_FAILURE, events.events().get(0).type());
        assertEquals("auth.failure", events.events().get(0).reason());
    }

    @Test
    void answersUnknownUserAndWrongPasswordAlike() {
        SIPResponse unknown = registerWith("999", "wrong", DigestAlgorithm.SHA_256, freshNonce(), "00000001");
        SIPResponse wrong = registerWith("100", "wrong", DigestAlgorithm.SHA_256, freshNonce(), "00000001");

        assertEquals(wrong.getStatusCode(), unknown.getStatusCode());
        assertEquals(wrong.getReasonPhrase(), unknown.getReasonPhrase());
        assertEquals(headerNames(wrong), headerNames(unknown));
        assertEquals(challenges(wrong, "WWW-Authenticate").size(), challenges(unknown, "WWW-Authenticate").size());
        assertNotEquals(challenges(wrong, "WWW-Authenticate").get(0).getNonce(),
                challenges(unknown, "WWW-Authenticate").get(0).getNonce());
    }

    static List<String> headerNames(SIPResponse response) {
        List<String> names = new ArrayList<>();
        response.getHeaders().forEachRemaining(h -> names.add(((SIPHeader) h).getHeaderName()));
        return names;
    }

    @Test
    void answersStaleTrueToCorrectDigestOverExpiredNonce() {
        String nonce = freshNonce();
        clock.advance(Duration.ofSeconds(301));

        SIPResponse response = registerWith("100", PASSWORD, DigestAlgorithm.SHA_256, nonce, "00000001");

        assertEquals(401, response.getStatusCode());
        assertEquals("true", challenges(response, "WWW-Authenticate").get(0).getParameter("stale"));
        assertEquals(1, counters.get(Counter.AUTH_STALE));
        assertEquals(0, counters.get(Counter.AUTH_FAILED));
    }

    @Test
    void refusesReplayedNonceCountButAcceptsARetransmission() {
        String nonce = freshNonce();
        SipMessages first = register().add("Authorization",
                authorization("100", PASSWORD, DigestAlgorithm.SHA_256, nonce, "REGISTER", REGISTRAR, "00000001"));
        assertNull(send(first));
        assertNull(send(first), "the same request again over UDP is a retransmission");

        SIPResponse replay = registerWith("100", PASSWORD, DigestAlgorithm.SHA_256, nonce, "00000001");
        assertEquals(401, replay.getStatusCode());
        assertEquals(1, counters.get(Counter.AUTH_REPLAYED));
        assertNull(registerWith("100", PASSWORD, DigestAlgorithm.SHA_256, nonce, "00000002"));
    }

    @Test
    void refusesForgedNonceAsAFailure() {
        String forged = "A".repeat(64);
        assertEquals(401, registerWith("100", PASSWORD, DigestAlgorithm.SHA_256, forged, "00000001").getStatusCode());
        assertEquals(1, counters.get(Counter.AUTH_FAILED));
    }

    @Test
    void refusesDigestForAnotherUri() {
        SipMessages message = register().add("Authorization", authorization("100", PASSWORD, DigestAlgorithm.SHA_256,
                freshNonce(), "REGISTER", "sip:elsewhere.example.com", "00000001"));
        assertEquals(401, send(message).getStatusCode());
        assertEquals(1, counters.get(Counter.AUTH_FAILED));
    }

    @Test
    void countsMalformedCredentialsAsAFailure() {
        assertEquals(401, send(register().add("Authorization",
                "Digest username=\"100\",realm=\"" + REALM + "\",nonce=\"x\",uri=\"" + REGISTRAR
                        + "\",response=\"00\",qop=auth,nc=zz,cnonce=\"c\"")).getStatusCode());
        assertEquals(1, counters.get(Counter.AUTH_FAILED));
    }

    @Test
    void blocksTheUserFromThatSourceWith403AfterPerUserFailuresEvenWithTheRightPassword() {
        for (int i = 0; i < 3; i++) {
            assertEquals(401, registerWith("100", "wrong" + i, DigestAlgorithm.SHA_256, freshNonce(), "00000001")
                    .getStatusCode());
        }
        assertEquals(403, registerWith("100", PASSWORD, DigestAlgorithm.SHA_256, freshNonce(), "00000001")
                .getStatusCode());
        assertEquals(401, registerWith("999", "x", DigestAlgorithm.SHA_256, freshNonce(), "00000001").getStatusCode(),
                "another username is not blocked");
        assertTrue(bans.requests().isEmpty());
    }

    @Test
    void requestsBanAfterPerSourceFailures() {
        for (int i = 0; i < 6; i++) {
            registerWith("u" + i, "wrong", DigestAlgorithm.SHA_256, freshNonce(), "00000001");
        }
        assertEquals(1, bans.requests().size());
        assertEquals(IpPrefix.of(PHONE.remote().getAddress()), bans.requests().get(0).target());
        assertEquals(1, counters.get(Counter.AUTH_BANS_REQUESTED));
        assertEquals("auth.failures.per_source", events.events().get(5).reason());
    }

    @Test
    void neverChallengesAckOrCancel() {
        assertNull(send(SipMessages.request("ACK", "sip:200@127.0.0.1")));
        assertNull(send(SipMessages.request("CANCEL", "sip:200@127.0.0.1")));
    }

    @Test
    void leavesOptionsToTheSbcItselfToTheOptionsStep() {
        assertNull(send(SipMessages.options()));
        assertEquals(407, send(SipMessages.options().requestUri("sip:200@127.0.0.1")).getStatusCode());
    }

    @Test
    void exemptsTrustedAndUnchallengedSources() {
        EmbeddedChannel trusted = channel(config(Mode.ENFORCE, "0.0.0.0/0"),
                CidrSet.of(List.of(IpPrefix.parse("203.0.113.0/24").orElseThrow())));
        assertTrue(trusted.writeInbound(SipTesting.received(register(), PHONE)));

        EmbeddedChannel elsewhere = channel(config(Mode.ENFORCE, "192.0.2.0/24"),
                CidrSet.empty());
        assertTrue(elsewhere.writeInbound(SipTesting.received(register(), PHONE)));
    }

    @Test
    void monitorModeCountsWhatItWouldDoAndPasses() {
        EmbeddedChannel monitor = channel(config(Mode.MONITOR, "0.0.0.0/0"), CidrSet.empty());

        assertTrue(monitor.writeInbound(SipTesting.received(register(), PHONE)));
        assertNull(monitor.readOutbound());
        assertEquals(1, counters.get(Counter.AUTH_MONITORED));
    }

    @Test
    void passesEverythingWhenOff() {
        EmbeddedChannel off = channel(AuthConfig.DEFAULT, CidrSet.empty());
        assertTrue(off.writeInbound(SipTesting.received(register(), PHONE)));
        assertFalse(off.finish() && off.readOutbound() != null);
    }
}
