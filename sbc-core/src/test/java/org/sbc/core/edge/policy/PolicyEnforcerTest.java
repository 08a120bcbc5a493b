package org.sbc.core.edge.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.Trunk;
import org.sbc.core.edge.auth.AuthConfig;
import org.sbc.core.edge.auth.DigestAuthenticator;
import org.sbc.core.edge.ban.Ban;
import org.sbc.core.edge.ban.BanConfig;
import org.sbc.core.edge.ban.BanReason;
import org.sbc.core.edge.ban.BanTable;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.edge.options.SelfAddresses;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.Peer;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.SipSide;
import org.sbc.core.sip.Transport;
import org.sbc.core.testing.RecordingEvents;
import org.sbc.core.testing.SipMessages;
import org.sbc.core.testing.SipTesting;
import org.sbc.core.testing.SipTesting.Sent;
import org.sbc.core.testing.TestPeers;
import org.sbc.feeds.CidrSet;
import org.sbc.policies.PolicyLoader;

/** The policy step in an EmbeddedChannel, with the contract policy and a faked source. */
class PolicyEnforcerTest {

    private static final Peer OUTSIDER = TestPeers.udp("203.0.113.7", 40000);
    private static final Peer LAB = TestPeers.udp("127.0.0.9", 40000);

    private final Counters counters = new Counters();
    private final RecordingEvents events = new RecordingEvents();
    private final Clock clock = Clock.systemUTC();
    private final BanTable bans = new BanTable(BanConfig.DEFAULT, new Exemptions(CidrSet.empty(), CidrSet.empty()),
            events, counters, clock);

    private PolicyEnforcer enforcer(String yaml) throws Exception {
        ActivePolicy policy = new ActivePolicy(List.of(), PolicyLoader.parse("t.yaml", yaml), counters);
        SbcConfig config = SbcConfig.defaults();
        DigestAuthenticator auth = new DigestAuthenticator(SipTesting.edgeContext(counters), AuthConfig.DEFAULT,
                CidrSet.empty(), new SelfAddresses(config), bans, events, clock);
        return new PolicyEnforcer(SipTesting.edgeContext(counters), policy,
                SourceFacts.of(config, SourceFacts.Registrations.NONE, auth::verifiedUser), auth, bans, events, clock);
    }

    private PolicyEnforcer contract() throws Exception {
        return enforcer(Files.readString(Path.of("src/test/resources/policies/contract.yaml")));
    }

    @Test
    void rejectsPremiumInviteWith403AndAnEventNamingTheRule() throws Exception {
        int status = SipTesting.outcome(contract(), SipMessages.request("INVITE", "sip:900123@127.0.0.1"), OUTSIDER);

        assertEquals(403, status);
        assertEquals(1, counters.get(Counter.POLICY_REJECTED));
        SecurityEvent event = events.events().get(0);
        assertEquals(SecurityEventType.POLICY_DENY, event.type());
        assertEquals("no-premium", event.reason());
        assertEquals("enforce", event.mode());
        assertTrue(event.details().get("conditions").contains("ruri_user prefix '900'"), event.details().toString());
    }

    @Test
    void passesOrdinaryInviteAndCountsTheDefault() throws Exception {
        PolicyEnforcer enforcer = contract();

        assertEquals(-1, SipTesting.outcome(enforcer, SipMessages.request("INVITE", "sip:2001@127.0.0.1"), OUTSIDER));
        assertEquals(1, counters.get(Counter.POLICY_ALLOWED));
        assertEquals(1L, enforcer.policy().current().hits().get("default"));
        assertTrue(events.events().isEmpty());
    }

    @Test
    void monitorRuleReportsButDoesNotDrop() throws Exception {
        int status = SipTesting.outcome(contract(), SipMessages.options().add("User-Agent", "Probe/1.0"), OUTSIDER);

        assertEquals(-1, status);
        assertEquals(1, counters.get(Counter.POLICY_MONITORED));
        assertEquals("scanner-watch", events.events().get(0).reason());
        assertEquals("monitor", events.events().get(0).mode());
        assertEquals("would drop", events.events().get(0).details().get("action"));
    }

    @Test
    void bansMessageFromOutsideTheLabForTheRulesSecondsWithTheRuleAsEvidence() throws Exception {
        int status = SipTesting.outcome(contract(), SipMessages.request("MESSAGE", "sip:bob@127.0.0.1"), OUTSIDER);

        assertEquals(0, status);
        List<Ban> covering = bans.covering(OUTSIDER.remote().getAddress());
        assertEquals(1, covering.size());
        Ban ban = covering.get(0);
        assertEquals(BanReason.POLICY, ban.reason());
        assertEquals("lab-only", ban.evidence().rule());
        assertEquals(Duration.ofSeconds(600), Duration.between(ban.created(), ban.expires()));
    }

    @Test
    void letsTheLabSendMessages() throws Exception {
        assertEquals(-1, SipTesting.outcome(contract(), SipMessages.request("MESSAGE", "sip:bob@127.0.0.1"), LAB));
    }

    @Test
    void challengeWithoutAConfiguredRealmFailsClosedWith403() throws Exception {
        PolicyEnforcer enforcer = enforcer("rules:\n  - id: auth\n    match: { method: INVITE }\n    action: challenge\ndefault: allow\n");

        assertEquals(403, SipTesting.outcome(enforcer, SipMessages.request("INVITE", "sip:2001@127.0.0.1"), OUTSIDER));
        assertEquals(1, counters.get(Counter.POLICY_CHALLENGED));
    }

    @Test
    void appliesHeaderEditsOfAnAllowedRequest() throws Exception {
        PolicyEnforcer enforcer = enforcer("""
                rules:
                  - id: tenant
                    match: { method: OPTIONS }
                    action: { set_header: { X-Tenant: blue }, remove_header: [X-Internal] }
                default: allow
                """);
        EmbeddedChannel channel = new EmbeddedChannel(enforcer);
        ReceivedMessage received = SipTesting.received(SipMessages.options().add("X-Internal", "secret"), OUTSIDER);

        channel.writeInbound(received);

        ReceivedMessage passed = channel.readInbound();
        assertEquals(java.util.Optional.of("blue"), passed.request().header("X-Tenant"));
        assertTrue(passed.request().header("X-Internal").isEmpty());
    }

    @Test
    void routesARequestFromTheInsideToTheTrunkItNames() throws Exception {
        ActivePolicy policy = new ActivePolicy(List.of(), PolicyLoader.parse("t.yaml", """
                rules:
                  - id: night
                    match: { method: INVITE, side: inside }
                    action: { route: night-carrier }
                default: allow
                """), counters, events, new TrunkRoutes(List.of(new Trunk("night-carrier",
                        new PbxTarget("sip:192.0.2.60:5080", "192.0.2.60", 5080, Transport.UDP), List.of()))));
        SbcConfig config = SbcConfig.defaults();
        DigestAuthenticator auth = new DigestAuthenticator(SipTesting.edgeContext(counters), AuthConfig.DEFAULT,
                CidrSet.empty(), new SelfAddresses(config), bans, events, clock);
        PolicyEnforcer enforcer = new PolicyEnforcer(SipTesting.edgeContext(counters), policy,
                SourceFacts.of(config, SourceFacts.Registrations.NONE, auth::verifiedUser), auth, bans, events, clock);
        EmbeddedChannel inside = new EmbeddedChannel(enforcer);
        inside.attr(SipSide.KEY).set(SipSide.INSIDE);
        EmbeddedChannel outside = new EmbeddedChannel(enforcer);

        inside.writeInbound(SipTesting.received(SipMessages.request("INVITE", "sip:0044123@pbx.example"), OUTSIDER));
        outside.writeInbound(SipTesting.received(SipMessages.request("INVITE", "sip:0044123@pbx.example"), OUTSIDER));

        ReceivedMessage routed = inside.readInbound();
        ReceivedMessage untouched = outside.readInbound();
        assertEquals("sip:0044123@192.0.2.60:5080", routed.request().requestUri().toString());
        assertEquals("sip:0044123@pbx.example", untouched.request().requestUri().toString());
        assertEquals(1, counters.get(Counter.POLICY_ROUTED));
    }

    @Test
    void dropsAnAckARuleWouldReject() throws Exception {
        PolicyEnforcer enforcer = enforcer("rules: []\ndefault: { reject: 403 }\n");

        assertEquals(0, SipTesting.outcome(enforcer, SipMessages.request("ACK", "sip:2001@127.0.0.1").header("CSeq", "1 ACK"),
                OUTSIDER));
        assertEquals(1, counters.get(Counter.POLICY_DROPPED));
    }

    @Test
    void chargesARetransmittedInviteNoSecondRateTokenAndARealSecondCallOne() throws Exception {
        PolicyEnforcer enforcer = enforcer("""
                rules:
                  - id: calls-per-user
                    match: { method: INVITE }
                    action: { rate_limit: { key: user, rate: 1, per: minute, burst: 1 } }
                default: allow
                """);
        SipMessages invite = SipMessages.request("INVITE", "sip:2001@127.0.0.1");

        assertEquals(-1, SipTesting.outcome(enforcer, invite, OUTSIDER));
        assertEquals(-1, SipTesting.outcome(enforcer, invite, OUTSIDER), "a retransmission is not a second call");
        assertEquals(503, SipTesting.outcome(enforcer, SipMessages.request("INVITE", "sip:2001@127.0.0.1")
                .header("Via", "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-second-call"), OUTSIDER));
        assertEquals(1, counters.get(Counter.POLICY_RETRANSMISSIONS));
        assertEquals(1L, enforcer.policy().current().hits().get("calls-per-user"), "the refused second call");
        assertEquals(1L, enforcer.policy().current().hits().get("default"), "the first call, once");
    }

    @Test
    void answersARetransmissionOfARefusedRequestTheSameWayButReportsAndCountsItOnce() throws Exception {
        PolicyEnforcer enforcer = contract();
        SipMessages premium = SipMessages.request("INVITE", "sip:900123@127.0.0.1");
        SipMessages probe = SipMessages.options().add("User-Agent", "Probe/1.0");

        assertEquals(403, SipTesting.outcome(enforcer, premium, OUTSIDER));
        assertEquals(403, SipTesting.outcome(enforcer, premium, OUTSIDER));
        assertEquals(-1, SipTesting.outcome(enforcer, probe, OUTSIDER));
        assertEquals(-1, SipTesting.outcome(enforcer, probe, OUTSIDER));

        assertEquals(2, counters.get(Counter.POLICY_REJECTED), "each message answered");
        assertEquals(1L, enforcer.policy().current().hits().get("no-premium"));
        assertEquals(1L, enforcer.policy().current().hits().get("scanner-watch"), "the monitor rule's match, once");
        assertEquals(1, counters.get(Counter.POLICY_MONITORED));
        assertEquals(2, counters.get(Counter.POLICY_RETRANSMISSIONS));
        assertEquals(2, events.events().size(), "one deny and one monitor event, one per request: " + events.events());
    }

    @Test
    void banRequestedOnceForARequestSentTwice() throws Exception {
        PolicyEnforcer enforcer = contract();
        SipMessages message = SipMessages.request("MESSAGE", "sip:bob@127.0.0.1");

        assertEquals(0, SipTesting.outcome(enforcer, message, OUTSIDER));
        assertEquals(0, SipTesting.outcome(enforcer, message, OUTSIDER));

        assertEquals(1, counters.get(Counter.POLICY_BANS_REQUESTED));
        assertEquals(1L, enforcer.policy().current().hits().get("lab-only"));
    }

    @Test
    void evaluatesACancelAndTheSameBranchFromAnotherSourceAsRequestsOfTheirOwn() throws Exception {
        PolicyEnforcer enforcer = contract();

        SipTesting.outcome(enforcer, SipMessages.request("INVITE", "sip:2001@127.0.0.1"), OUTSIDER);
        SipTesting.outcome(enforcer, SipMessages.request("CANCEL", "sip:2001@127.0.0.1").header("CSeq", "1 CANCEL"),
                OUTSIDER);
        SipTesting.outcome(enforcer, SipMessages.request("INVITE", "sip:2001@127.0.0.1"), LAB);

        assertEquals(0, counters.get(Counter.POLICY_RETRANSMISSIONS));
        assertEquals(3L, enforcer.policy().current().hits().get("default"));
    }

    @Test
    void remembersNoTransactionWhoseKeyIsLongerThanTheBoundSoItsCopiesAreRequestsOfTheirOwn() throws Exception {
        PolicyEnforcer enforcer = contract();
        SipMessages longBranch = SipMessages.request("INVITE", "sip:2001@127.0.0.1")
                .header("Via", "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK" + "x".repeat(TransactionDecisions.MAX_KEY_CHARS));

        SipTesting.outcome(enforcer, longBranch, OUTSIDER);
        SipTesting.outcome(enforcer, longBranch, OUTSIDER);

        assertEquals(0, counters.get(Counter.POLICY_RETRANSMISSIONS));
        assertEquals(2L, enforcer.policy().current().hits().get("default"));
    }
}
