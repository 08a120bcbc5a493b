package org.sbc.core.edge.secfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.ConfigLoader;
import org.sbc.policies.Mode;
import org.sbc.core.edge.ban.BanReason;
import org.sbc.core.events.SecurityEvent;
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
import org.sbc.core.testing.TestPeers;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpPrefix;

class SecFilterTest {

    private static final Peer SOURCE = TestPeers.udp("203.0.113.7", 40000);

    private final Counters counters = new Counters();
    private final RecordingBans bans = new RecordingBans();
    private final RecordingEvents events = new RecordingEvents();

    private SecFilter filter(SecFilterConfig config, CidrSet trusted) {
        return new SecFilter(SipTesting.edgeContext(counters), config, trusted, bans, events, Clock.systemUTC());
    }

    /** The secfilter section of {@code yaml}, through the production loader. */
    static SecFilterConfig secfilter(String yaml) {
        try {
            return ConfigLoader.parse("security:\n  secfilter:\n" + yaml.indent(4), "t.yaml").security().secfilter();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private int outcome(SecFilterConfig config, SipMessages message) {
        return SipTesting.outcome(filter(config, CidrSet.empty()), message, SOURCE);
    }

    @Test
    void dropsScannerUserAgentSilentlyAndRequestsBanByDefault() {
        int status = outcome(SecFilterConfig.DEFAULT, SipMessages.options().add("User-Agent", "friendly-scanner"));

        assertEquals(0, status);
        assertEquals(1, counters.get(Counter.SECFILTER_DROPPED));
        assertEquals(1, bans.requests().size());
        assertEquals(BanReason.SCANNER, bans.requests().get(0).reason());
        assertEquals("user_agent.deny[0]", bans.requests().get(0).evidence().rule());
        SecurityEvent event = events.events().get(0);
        assertEquals(SecurityEventType.SCANNER, event.type());
        assertEquals("secfilter", event.step());
        assertEquals("enforce", event.mode());
        assertEquals("friendly-scanner", event.userAgent().orElseThrow());
    }

    @Test
    void matchesScannerSignaturesCaseInsensitivelyAnywhereInTheUserAgent() {
        for (String ua : List.of("SIPVicious/0.3.3", "sipcli/v1.8", "VaxSIPUserAgent/3.1", "pplsip", "Mozilla iWar 0.1")) {
            assertEquals(0, outcome(SecFilterConfig.DEFAULT, SipMessages.options().add("User-Agent", ua)), ua);
        }
    }

    @Test
    void passesOrdinaryPhones() {
        assertEquals(-1, outcome(SecFilterConfig.DEFAULT, SipMessages.options().add("User-Agent", "Yealink SIP-T46S 66.86")));
        assertEquals(-1, outcome(SecFilterConfig.DEFAULT, SipMessages.options()));
        assertTrue(events.events().isEmpty());
    }

    @Test
    void exemptsTrustedNetworks() {
        SecFilter filter = filter(SecFilterConfig.DEFAULT, CidrSet.of(List.of(IpPrefix.parse("203.0.113.0/24").orElseThrow())));
        assertEquals(-1, SipTesting.outcome(filter, SipMessages.options().add("User-Agent", "friendly-scanner"), SOURCE));
    }

    @Test
    void allowEntryExemptsFromItsOwnDenyList() {
        SecFilterConfig config = secfilter("""
                user_agent:
                  deny_regex: ['^acme']
                  allow: [acme-approved]
                """);
        assertEquals(0, outcome(config, SipMessages.options().add("User-Agent", "acme softphone")));
        assertEquals(-1, outcome(config, SipMessages.options().add("User-Agent", "acme-approved 2.0")));
    }

    @Test
    void rejectsDeniedDestinationWith403() {
        SecFilterConfig config = secfilter("""
                destination:
                  deny_prefix: ['00', '+882']
                  deny_regex: ['^9[0-9]{2}$']
                  allow_prefix: ['0049']
                """);
        assertEquals(403, outcome(config, SipMessages.request("INVITE", "sip:0088123@127.0.0.1")));
        assertEquals(403, outcome(config, SipMessages.request("INVITE", "sip:%30%30123@127.0.0.1")), "percent-encoded");
        assertEquals(403, outcome(config, SipMessages.request("INVITE", "tel:+88212345")));
        assertEquals(403, outcome(config, SipMessages.request("INVITE", "sip:900@127.0.0.1")));
        assertEquals(-1, outcome(config, SipMessages.request("INVITE", "sip:9000@127.0.0.1")));
        assertEquals(-1, outcome(config, SipMessages.request("INVITE", "sip:00491234@127.0.0.1")), "allowed prefix");
        assertEquals(4, counters.get(Counter.SECFILTER_REJECTED));
        assertEquals("destination.deny_prefix[0]", events.events().get(0).reason());
        assertTrue(bans.requests().isEmpty(), "destination lists do not ban by default");
    }

    @Test
    void neverAnswersAnAck() {
        SecFilterConfig config = secfilter("destination: {deny_prefix: ['00']}");
        assertEquals(0, outcome(config, SipMessages.request("ACK", "sip:0088@127.0.0.1")));
    }

    @Test
    void matchesSourcesAsNetworksNotTextPrefixes() {
        SecFilterConfig config = secfilter("source: {deny: [10.0.0.1], action: reject}");
        assertEquals(403, SipTesting.outcome(filter(config, CidrSet.empty()), SipMessages.options(), TestPeers.udp("10.0.0.1", 5060)));
        assertEquals(-1, SipTesting.outcome(filter(config, CidrSet.empty()), SipMessages.options(), TestPeers.udp("10.0.0.15", 5060)));
    }

    @Test
    void deniesUsersAndDomainsInFromToAndContact() {
        SecFilterConfig config = secfilter("""
                user: {deny: [admin]}
                domain: {deny: [.evil.example]}
                """);
        assertEquals(403, outcome(config, SipMessages.options().header("From", "<sip:Admin@192.0.2.1>;tag=1")));
        assertEquals(403, outcome(config, SipMessages.options().add("Contact", "<sip:a@host.evil.example>")));
        assertEquals(403, outcome(config, SipMessages.options().header("To", "<sip:bob@evil.example>")));
        assertEquals(-1, outcome(config, SipMessages.options().header("To", "<sip:bob@notevil.example>")));
    }

    @Test
    void rejectsSqlInjectionAndEncodedControlCharactersButNotApostrophes() {
        SecFilterConfig d = SecFilterConfig.DEFAULT;
        assertEquals(403, outcome(d, SipMessages.options().header("From", "\"x' OR '1'='1\" <sip:a@192.0.2.1>;tag=1")));
        assertEquals(403, outcome(d, SipMessages.options().header("From", "<sip:1%27%3Bdrop%20table%20users@192.0.2.1>;tag=1")));
        assertEquals(403, outcome(d, SipMessages.options().header("From", "<sip:a%0d%0aX@192.0.2.1>;tag=1")));
        assertEquals(-1, outcome(d, SipMessages.options().header("From", "\"Ann O'Brien\" <sip:ann@192.0.2.1>;tag=1")));
        assertEquals(-1, outcome(d, SipMessages.options().header("From", "\"Jean d'Or\" <sip:jean@192.0.2.1>;tag=1")));
        assertEquals("injection.sql", events.events().get(0).reason());
    }

    @Test
    void stopsCatastrophicRegexWithinItsBudgetAndCountsItAsADeny() {
        SecFilterConfig config = secfilter("user_agent: {deny: [], deny_regex: ['(.*a){12}\\d']}");
        SipMessages evil = SipMessages.options().add("User-Agent", "a".repeat(60) + "!");

        int status = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> outcome(config, evil));

        assertEquals(0, status);
        assertEquals(1, counters.get(Counter.SECFILTER_REGEX_BUDGET_EXCEEDED));
    }

    @Test
    void monitorModeReportsAndPasses() {
        SecFilterConfig config = secfilter("mode: monitor");
        assertEquals(Mode.MONITOR, config.mode());

        assertEquals(-1, outcome(config, SipMessages.options().add("User-Agent", "friendly-scanner")));
        assertEquals(1, counters.get(Counter.SECFILTER_MONITORED));
        assertTrue(bans.requests().isEmpty());
        assertEquals("monitor", events.events().get(0).mode());
        assertEquals("would drop", events.events().get(0).details().get("action"));
    }

    @Test
    void replaceSwapsTheListsForTheNextMessage() {
        SecFilter filter = filter(SecFilterConfig.DEFAULT, CidrSet.empty());
        SipMessages call = SipMessages.request("INVITE", "sip:0088@127.0.0.1");
        assertEquals(-1, SipTesting.outcome(filter, call, SOURCE));

        filter.replace(secfilter("destination: {deny_prefix: ['00']}"));

        assertEquals(403, SipTesting.outcome(filter, call, SOURCE));
        assertEquals(0, SipTesting.outcome(filter, SipMessages.options().add("User-Agent", "sipvicious"), SOURCE),
                "the default scanner list is still in the new snapshot");
    }

    @Test
    void matchesDomainEntriesExactlyOrBelowADot() {
        assertTrue(SecFilterRules.matchesDomain(Set.of(".example.com"), "a.b.Example.com"));
        assertTrue(SecFilterRules.matchesDomain(Set.of(".example.com"), "example.com"));
        assertTrue(SecFilterRules.matchesDomain(Set.of("example.com"), "EXAMPLE.com"));
        assertFalse(SecFilterRules.matchesDomain(Set.of("example.com"), "a.example.com"));
        assertFalse(SecFilterRules.matchesDomain(Set.of(".example.com"), "badexample.com"));
    }

    @Test
    void passesResponses() {
        assertEquals(-1, outcome(SecFilterConfig.DEFAULT, SipMessages.response().add("User-Agent", "friendly-scanner")));
    }
}
