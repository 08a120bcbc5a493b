package org.sbc.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sbc.policies.Policies.problems;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every problem of a policy, at once, each with file:line:column, path, bad value and what was expected. */
class LoaderErrorsTest {

    @TempDir
    Path dir;

    @Test
    void reportsEveryProblemOfEveryRuleAtOnceInFileOrder() {
        String yaml = """
                lists:
                  premium: ["900"]
                rules:
                  - id: a
                    match: { methd: INVITE, ruri_user: { prefix: $premiun } }
                    action: { reject: 486 }
                  - id: b
                    mode: monitr
                    match: { user_agent: { regex: "(a+)+b" }, source: 10.0.0.1/8 }
                    action: { reject: 401 }
                  - id: c
                    match: { method: invite, time: { days: [mon-fri], hours: "8-18" } }
                    action: { ban: yes }
                  - id: a
                    match: { registered: "false", header.X-Foo: { regx: "x" }, side: outsid }
                    action: bann
                  - id: d
                    match: { user_agent: { regex: "([a-z" } }
                    action: { allow: true, reject: 403 }
                default: { tag: { x: y } }
                """;
        assertEquals(List.of(
                "p.yaml:5:14: rules[0].match.methd: unknown key 'methd' (did you mean 'method'?)",
                "p.yaml:5:50: rules[0].match.ruri_user.prefix: unknown list '$premiun' (did you mean '$premium'?)",
                "p.yaml:8:11: rules[1].mode: unknown mode 'monitr' (did you mean 'monitor'?)",
                "p.yaml:9:35: rules[1].match.user_agent.regex: regex '(a+)+b' repeats a group that holds a repetition"
                        + " or alternation at index 4 (expected: no nested repetition and no backreferences;"
                        + " they can make matching take exponential time)",
                "p.yaml:9:55: rules[1].match.source: '10.0.0.1/8' has host bits set (expected: 10.0.0.0/8)",
                "p.yaml:10:23: rules[1].action.reject: 401 (expected: the challenge action for 401/407)",
                "p.yaml:12:22: rules[2].match.method: 'invite' (expected: a SIP method in upper case, e.g. INVITE;"
                        + " methods are case-sensitive)",
                "p.yaml:12:36: rules[2].match.time: missing key 'zone' (expected: a time zone such as Europe/Berlin or UTC)",
                "p.yaml:12:62: rules[2].match.time.hours: '8-18' (expected: a window HH:MM-HH:MM such as 08:00-18:00,"
                        + " end exclusive, up to 24:00)",
                "p.yaml:13:20: rules[2].action.ban: expected an integer, got a string 'yes'",
                "p.yaml:14:9: rules[3].id: duplicate rule id 'a' (expected: each id once; first at p.yaml:4)",
                "p.yaml:15:26: rules[3].match.registered: expected true or false, got a string 'false'",
                "p.yaml:15:51: rules[3].match.header.X-Foo.regx: unknown key 'regx' (did you mean 'regex'?)",
                "p.yaml:15:70: rules[3].match.side: unknown side 'outsid' (did you mean 'outside'?)",
                "p.yaml:16:13: rules[3].action: unknown action 'bann' (did you mean 'ban'?)",
                "p.yaml:18:35: rules[4].match.user_agent.regex: bad regex '([a-z': Unclosed character class near"
                        + " index 4 (expected: a Java regular expression)",
                "p.yaml:19:28: rules[4].action.reject: second verdict 'reject' after 'allow' (expected: at most one of"
                        + " allow, reject, drop, challenge, ban, route)",
                "p.yaml:20:10: default: tag x=y (expected: a verdict: allow, reject, drop, challenge, ban or route)"),
                problems(yaml));
    }

    @Test
    void unreachableRulesAreWarningsNamingTheRuleThatShadowsThem() {
        LoadedPolicy loaded = Policies.loaded("""
                rules:
                  - id: all-invites
                    match: { method: [INVITE, MESSAGE] }
                    action: allow
                  - id: premium
                    match: { method: INVITE, ruri_user: { prefix: "900" } }
                    action: { reject: 403 }
                  - id: watch
                    mode: monitor
                    match: {}
                    action: drop
                  - id: catch-all
                    match: {}
                    action: drop
                  - id: never
                    match: { source: 10.0.0.0/8 }
                    action: allow
                default: allow
                """);
        assertEquals(List.of(
                "p.yaml:5:9: warning: rules[1].id: rule 'premium' is unreachable: rule 'all-invites' (p.yaml:2)"
                        + " matches every request it matches (expected: the more specific rule first)",
                "p.yaml:15:9: warning: rules[4].id: rule 'never' is unreachable: rule 'catch-all' (p.yaml:12)"
                        + " matches every request it matches (expected: the more specific rule first)"),
                loaded.warnings().stream().map(PolicyProblem::toString).toList());
        assertEquals(5, loaded.policy().rules().size());
    }

    @Test
    void narrowerPrefixesAndCidrsAreShadowedByWiderOnes() {
        LoadedPolicy loaded = Policies.loaded("""
                rules:
                  - id: wide
                    match: { ruri_user: { prefix: "+49" }, source: 10.0.0.0/8 }
                    action: { reject: 403 }
                  - id: narrow
                    match: { ruri_user: { prefix: "+49900" }, source: [10.1.0.0/16, 10.2.3.4] }
                    action: allow
                  - id: other-net
                    match: { ruri_user: { prefix: "+49900" }, source: 192.0.2.0/24 }
                    action: allow
                default: allow
                """);
        assertEquals(List.of("narrow"), loaded.warnings().stream()
                .map(w -> w.message().split("'")[1]).toList());
    }

    @Test
    void aRuleAfterOneThatOnlyTagsOrRateLimitsIsReachable() {
        LoadedPolicy loaded = Policies.loaded("""
                rules:
                  - id: tag-all
                    match: {}
                    action: { tag: { seen: "yes" } }
                  - id: limit-all
                    match: {}
                    action: { rate_limit: { key: source, rate: 5, per: second } }
                  - id: decide
                    match: {}
                    action: allow
                default: drop
                """);
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void aLabelTaggedBetweenTwoRulesKeepsTheLaterReachable() {
        LoadedPolicy loaded = Policies.loaded("""
                rules:
                  - id: vip-first
                    match: { label.class: vip }
                    action: allow
                  - id: tag-vip
                    match: { from_user: boss }
                    action: { tag: { class: vip } }
                  - id: vip-later
                    match: { label.class: vip, method: INVITE }
                    action: { reject: 403 }
                default: allow
                """);
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void yamlSyntaxErrorsArePositioned() {
        assertEquals(List.of("p.yaml:2:14: bad YAML: while parsing a flow mapping at line 2: expected ',' or '}', but got :"),
                problems("rules:\n  - { id: a b: c\n"));
    }

    @Test
    void anUnknownKeyWrittenTwiceIsUnknownAtEachPlace() {
        // The server config reports the second one as a duplicate instead (ConfigLoaderTest).
        assertEquals(List.of(
                "p.yaml:1:1: rulez: unknown key 'rulez' (did you mean 'rules'?)",
                "p.yaml:2:1: rulez: unknown key 'rulez' (did you mean 'rules'?)"),
                problems("rulez: []\nrulez: []\nrules: []\ndefault: allow\n"));
    }

    @Test
    void anchorsAndAliasesAreRefused() {
        assertEquals(List.of(
                "p.yaml:2:12: anchor '&m' (expected: no anchors or aliases; write the value out)",
                "p.yaml:5:12: alias '*m' (expected: no anchors or aliases; write the value out)"),
                problems("""
                        rules:
                          - match: &m { method: INVITE }
                            id: a
                            action: drop
                          - match: *m
                            id: b
                            action: drop
                        default: allow
                        """));
    }

    @Test
    void missingDefaultIsAnErrorNeverAnImplicitAllow() {
        assertEquals(List.of("p.yaml:1:1: default: missing (expected: default: allow, or another verdict, in exactly"
                + " one policy file)"), problems("rules: []\n"));
    }

    @Test
    void missingRuleKeysAndEmptyActionsAreNamed() {
        assertEquals(List.of(
                "p.yaml:2:5: rules[0]: missing key 'match' (expected: a mapping of conditions; {} matches every request)",
                "p.yaml:3:13: rules[0].action: empty action (expected: one of allow, reject, drop, challenge, ban,"
                        + " route, rate_limit, set_header, rewrite_header, remove_header, tag)",
                "p.yaml:4:5: rules[1]: missing key 'id' (expected: id, match and action)"),
                problems("""
                        rules:
                          - id: a
                            action: {}
                          - match: {}
                            action: drop
                        default: allow
                        """));
    }

    @Test
    void badValuesInListsNumberingAndActionsAreEachReported() {
        assertEquals(List.of(
                "p.yaml:2:21: cidr_sets.lab[1]: 'not-an-ip' (expected: an IPv4 or IPv6 address or CIDR, e.g."
                        + " 192.0.2.0/24 or 2001:db8::/32)",
                "p.yaml:4:3: numbering.national_prefix: national_prefix without country_code (expected: both:"
                        + " a national number needs a country code)",
                "p.yaml:7:22: rules[0].match.source: '$premium' is a list of strings (expected: a CIDR set from cidr_sets:)",
                "p.yaml:8:54: rules[0].action.rate_limit.per: unknown period 'minut' (did you mean 'minute'?)",
                "p.yaml:9:21: rules[0].action.set_header.Via: 'Via' is managed by the SBC (expected: a header other"
                        + " than Via, From, To, Call-ID, CSeq, Contact, Content-*, Max-Forwards, Route, Record-Route"
                        + " and the authentication headers)",
                "p.yaml:12:31: rules[1].action.reject.code: 700 out of range (expected: 400..699)",
                "p.yaml:14:34: rules[2].match.ruri_user.range: '2999-2000' (expected: the lower bound first)",
                "p.yaml:15:27: rules[2].action.rate_limit: missing key 'digits' (expected: how many leading digits"
                        + " make the prefix, e.g. 6)"),
                problems("""
                        cidr_sets:
                          lab: [10.0.0.0/8, not-an-ip]
                        numbering:
                          national_prefix: "0"
                        rules:
                          - id: a
                            match: { source: $premium }
                            action: { rate_limit: { key: user, rate: 1, per: minut },
                              set_header: { Via: x } }
                          - id: b
                            match: {}
                            action: { reject: { code: 700 } }
                          - id: c
                            match: { ruri_user: { range: 2999-2000 } }
                            action: { rate_limit: { key: destination_prefix, rate: 1, per: second } }
                        lists:
                          premium: ["900"]
                        default: allow
                        """));
    }

    @Test
    void eachFileKeepsItsOwnNameInMessagesAndListsWorkAcrossFiles() throws Exception {
        Path lists = Files.writeString(dir.resolve("lists.yaml"), "lists:\n  premium: [\"900\"]\ndefault: allow\n");
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - id: a
                    match: { ruri_user: { prefix: $premium } }
                    action: drop
                """);
        LoadedPolicy loaded = PolicyLoader.load(List.of(lists, rules));
        assertEquals(1, loaded.policy().rules().size());
        assertEquals(rules.toString(), loaded.policy().rules().get(0).file());

        Path again = Files.writeString(dir.resolve("again.yaml"), """
                rules:
                  - id: a
                    match: {}
                    action: drop
                default: drop
                """);
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(List.of(lists, rules, again)));
        assertEquals(List.of(
                again + ":2:9: rules[0].id: duplicate rule id 'a' (expected: each id once; first at " + rules + ":2)",
                again + ":5:10: default: a second default (expected: one, first at " + lists + ":3)"),
                e.problems().stream().map(PolicyProblem::toString).toList());
    }

    @Test
    void anUnreadableFileIsOneErrorAtItsFirstLine() {
        Path missing = dir.resolve("missing.yaml");
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(missing));
        assertEquals(missing + ":1:1: no such file (expected: a readable policy file)", e.getMessage());
    }

    @Test
    void invalidUtf8IsRefused() throws Exception {
        Path file = Files.write(dir.resolve("bad.yaml"), new byte[] {'r', 'u', (byte) 0xff, '\n'});
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(file));
        assertEquals(file + ":1:1: not UTF-8 text (expected: a UTF-8 YAML file)", e.getMessage());
    }
}
