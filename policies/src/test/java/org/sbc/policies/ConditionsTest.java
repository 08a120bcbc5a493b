package org.sbc.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sbc.policies.Policies.ip;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each condition, through a one-rule policy: which requests it matches, and how it explains itself. */
class ConditionsTest {

    /** The id of the rule that decided: {@code hit} when the one rule matched, else {@code default}. */
    private static String decide(String match, PolicyInput input) {
        return Policies.evaluator("rules:\n  - id: hit\n    match: " + match + "\n    action: drop\ndefault: allow\n")
                .evaluate(input).ruleId();
    }

    private static List<String> why(String match, PolicyInput input) {
        return Policies.evaluator("rules:\n  - id: hit\n    match: " + match + "\n    action: drop\ndefault: allow\n")
                .evaluate(input).rule().conditions();
    }

    private static PolicyInput.Builder in() {
        return PolicyInput.builder();
    }

    @Test
    void exactMatchesWholeValuesAndAListIsAnyOf() {
        assertEquals("hit", decide("{ method: [INVITE, MESSAGE] }", in().method("MESSAGE").build()));
        assertEquals("default", decide("{ method: INVITE }", in().method("INVITES").build()));
        assertEquals("hit", decide("{ ruri_user: { exact: \"100\" } }", in().ruriUser("100").build()));
        assertEquals("default", decide("{ ruri_user: { exact: \"100\" } }", in().ruriUser("1000").build()));
    }

    @Test
    void hostsAndDomainsCompareWithoutCaseUsersWithCase() {
        assertEquals("hit", decide("{ from_domain: Example.COM }", in().fromDomain("example.com").build()));
        assertEquals("hit", decide("{ ruri_host: { suffix: .example.com } }", in().ruriHost("PBX.Example.Com").build()));
        assertEquals("default", decide("{ from_user: Alice }", in().fromUser("alice").build()));
    }

    @Test
    void prefixReportsTheLongestPrefixThatMatched() {
        assertEquals(List.of("ruri_user prefix '+4990'"),
                why("{ ruri_user: { prefix: [\"+49\", \"+4990\"] } }", in().ruriUser("+49901").build()));
    }

    @Test
    void suffixMatchesTheEnd() {
        assertEquals("hit", decide("{ to_domain: { suffix: .invalid } }", in().toDomain("a.invalid").build()));
        assertEquals("default", decide("{ to_domain: { suffix: .invalid } }", in().toDomain("invalid.org").build()));
    }

    @Test
    void regexSearchesTheValue() {
        assertEquals("hit", decide("{ user_agent: { regex: \"(?i)sipvicious\" } }",
                in().userAgent("x SIPVicious y").build()));
        assertEquals("default", decide("{ user_agent: { regex: \"^Yealink\" } }", in().userAgent("A Yealink").build()));
    }

    @Test
    void rangeMatchesWholeNumbersOnly() {
        assertEquals("hit", decide("{ ruri_user: { range: [\"2000-2999\", \"5000\"] } }", in().ruriUser("2500").build()));
        assertEquals("hit", decide("{ ruri_user: { range: \"5000\" } }", in().ruriUser("5000").build()));
        assertEquals("default", decide("{ ruri_user: { range: \"2000-2999\" } }", in().ruriUser("25a0").build()));
        assertEquals("default", decide("{ ruri_user: { range: \"2000-2999\" } }", in().ruriUser("3000").build()));
        assertEquals(List.of("ruri_user range 2000-2999"),
                why("{ ruri_user: { range: \"2000-2999\" } }", in().ruriUser("2999").build()));
    }

    @Test
    void cidrMatchesBitsNotTextForIpv4AndIpv6() {
        String match = "{ source: [10.0.0.1, 2001:db8::/32] }";
        assertEquals("hit", decide(match, in().source(ip("10.0.0.1")).build()));
        assertEquals("default", decide(match, in().source(ip("10.0.0.15")).build()));
        assertEquals("hit", decide(match, in().source(ip("2001:db8:ffff::1")).build()));
        assertEquals("default", decide(match, in().source(ip("2001:db9::1")).build()));
        assertEquals(List.of("source cidr 2001:db8:0:0:0:0:0:0/32"), why(match, in().source(ip("2001:db8::5")).build()));
    }

    @Test
    void notCidrHoldsOutsideTheSet() {
        String match = "{ source: { not_cidr: [192.0.2.0/24] } }";
        assertEquals("hit", decide(match, in().source(ip("198.51.100.1")).build()));
        assertEquals("default", decide(match, in().source(ip("192.0.2.200")).build()));
        // An IPv6 source is outside an IPv4-only set.
        assertEquals("hit", decide(match, in().source(ip("::1")).build()));
    }

    @Test
    void notNegatesAFieldConditionOrAWholeMatch() {
        assertEquals("hit", decide("{ method: { not: [REGISTER, OPTIONS] } }", in().method("INVITE").build()));
        assertEquals("default", decide("{ method: { not: REGISTER } }", in().method("REGISTER").build()));
        String both = "{ not: { method: INVITE, registered: true } }";
        assertEquals("default", decide(both, in().method("INVITE").registered(true).build()));
        assertEquals("hit", decide(both, in().method("INVITE").registered(false).build()));
        assertEquals(List.of("not (method exact ['INVITE'] and registered true)"),
                why(both, in().method("MESSAGE").build()));
    }

    @Test
    void anAbsentValueMatchesNothingButItsNegationHolds() {
        assertEquals("default", decide("{ user_agent: { prefix: \"\" } }".replace("\"\"", "X"), in().build()));
        assertEquals("hit", decide("{ user_agent: { not: { prefix: X } } }", in().build()));
    }

    @Test
    void flagsMatchRegisteredTrustedAndAuthenticated() {
        assertEquals("hit", decide("{ registered: false }", in().build()));
        assertEquals("hit", decide("{ trusted: true }", in().trusted(true).build()));
        assertEquals("default", decide("{ authenticated: true }", in().build()));
        assertEquals("hit", decide("{ authenticated: true, auth_user: alice }", in().authenticatedUser("alice").build()));
    }

    @Test
    void sideTransportAndTrunkMatchTheirValues() {
        assertEquals("hit", decide("{ side: inside, transport: [tcp, tls] }",
                in().side(Side.INSIDE).transport(Transport.TLS).build()));
        assertEquals("default", decide("{ transport: udp }", in().transport(Transport.WS).build()));
        assertEquals("hit", decide("{ trunk: carrier-a }", in().trunk("carrier-a").build()));
    }

    @Test
    void headersMatchAnyValueByCaseInsensitiveName() {
        String match = "{ header.X-Tenant: { exact: blue } }";
        assertEquals("hit", decide(match, in().header("x-tenant", "red").header("X-TENANT", "blue").build()));
        assertEquals("default", decide(match, in().header("X-Tenant", "red").build()));
    }

    @Test
    void labelsFromOtherStepsMatch() {
        assertEquals("hit", decide("{ label.country: [RU, KP] }", in().label("country", "KP").build()));
        assertEquals("hit", decide("{ label.feed: spamhaus-drop }",
                in().label("feed", "other").label("feed", "spamhaus-drop").build()));
        assertEquals("default", decide("{ label.asn: \"64500\" }", in().build()));
    }
    @Test
    void countryAndAsnNameWhatGeoIpLabelled() {
        assertEquals("hit", decide("{ country: [ru, kp] }", in().label("country", "KP").build()), "any case");
        assertEquals("default", decide("{ country: DE }", in().label("country", "FR").build()));
        assertEquals("default", decide("{ country: DE }", in().build()), "no GeoIP, no country");
        assertEquals("hit", decide("{ asn: [\"64500\", \"64501\"], country: FR }",
                in().label("country", "FR").label("asn", "64501").build()));
        assertEquals("hit", decide("{ country: { not: [DE, AT, CH] } }", in().label("country", "US").build()));
    }


    @Test
    void e164FieldsSeeTheNormalisedNumber() {
        String policy = """
                numbering: { country_code: "49", national_prefix: "0", international_prefix: ["00"] }
                rules:
                  - id: hit
                    match: { from_e164: "+4930123", to_e164: { prefix: "+44" } }
                    action: drop
                default: allow
                """;
        PolicyEvaluator evaluator = Policies.evaluator(policy);
        assertEquals("hit", evaluator.evaluate(in().fromUser("030123").toUser("0044207").build()).ruleId());
        assertEquals("hit", evaluator.evaluate(in().fromUser("+49 30 123").toUser("+44207").build()).ruleId());
        assertEquals("default", evaluator.evaluate(in().fromUser("alice").toUser("0044207").build()).ruleId());
    }

    @Test
    void timeWindowsUseDaysHoursAndTheNamedZone() {
        String match = "{ time: { days: mon-fri, hours: [\"08:00-12:00\", \"13:00-17:00\"], zone: America/New_York } }";
        // Wednesday 2025-01-15 09:00 in New York is 14:00 UTC.
        assertEquals("hit", decide(match, in().time(Instant.parse("2025-01-15T14:00:00Z")).build()));
        assertEquals("default", decide(match, in().time(Instant.parse("2025-01-15T17:30:00Z")).build())); // 12:30
        assertEquals("default", decide(match, in().time(Instant.parse("2025-01-18T14:00:00Z")).build())); // Saturday
    }

    @Test
    void hourWindowsMayCrossMidnightAndDayRangesMayWrapTheWeek() {
        String night = "{ time: { hours: \"22:00-06:00\", zone: UTC } }";
        assertEquals("hit", decide(night, in().time(Instant.parse("2025-01-15T23:59:00Z")).build()));
        assertEquals("hit", decide(night, in().time(Instant.parse("2025-01-15T05:59:00Z")).build()));
        assertEquals("default", decide(night, in().time(Instant.parse("2025-01-15T06:00:00Z")).build()));
        String weekend = "{ time: { days: fri-sun, zone: UTC } }";
        assertEquals("hit", decide(weekend, in().time(Instant.parse("2025-01-19T12:00:00Z")).build())); // Sunday
        assertEquals("default", decide(weekend, in().time(Instant.parse("2025-01-20T12:00:00Z")).build())); // Monday
    }

    @Test
    void allConditionsOfARuleMustHold() {
        String match = "{ method: INVITE, ruri_user: { prefix: \"9\" }, registered: false }";
        assertEquals("hit", decide(match, in().ruriUser("91").build()));
        assertEquals("default", decide(match, in().ruriUser("91").registered(true).build()));
        assertEquals("default", decide(match, in().ruriUser("81").build()));
    }

    @Test
    void namedListsExpandAndTheExplanationNamesTheList() {
        PolicyEvaluator evaluator = Policies.evaluator("""
                lists:
                  blocked: [evil, bad]
                cidr_sets:
                  lab: [127.0.0.0/8]
                rules:
                  - id: hit
                    match: { from_user: [$blocked, worse], source: $lab }
                    action: drop
                default: allow
                """);
        Decision decision = evaluator.evaluate(in().fromUser("bad").build());
        assertEquals(List.of("from_user exact 'bad' (list blocked)", "source cidr 127.0.0.0/8"),
                decision.rule().conditions());
        assertEquals("hit", evaluator.evaluate(in().fromUser("worse").build()).ruleId());
    }

    @Test
    void aRegexRunsWithinItsBudgetAndLongValuesAreCut() {
        PolicyEvaluator evaluator = Policies.evaluator("""
                rules:
                  - id: hit
                    match: { user_agent: { regex: "a.*b.*c.*d.*e$" } }
                    action: drop
                default: allow
                """);
        // Polynomial backtracking over the first 1,024 characters gives up within the budget.
        Decision decision = evaluator.evaluate(in().userAgent("ab".repeat(5000)).build());
        assertEquals("default", decision.ruleId());
        assertEquals(1, evaluator.regexBudgetExceeded());
    }
}
