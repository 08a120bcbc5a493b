package org.sbc.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.sbc.feeds.IpPrefix;
import org.sbc.policies.yaml.InvalidValueException;

/** Invariants of the evaluator and its building blocks, over generated inputs. */
class PolicyProperties {

    // ---- CIDR matching against a reference: big-integer arithmetic on the address bits ----

    @Property(tries = 2000)
    void cidrMatchingAgreesWithBigIntegerArithmetic(@ForAll("addresses") InetAddress network,
            @ForAll("addresses") InetAddress probe, @ForAll @IntRange(min = 0, max = 128) int rawLength) throws Exception {
        int bits = network.getAddress().length * 8;
        int length = rawLength % (bits + 1);
        IpPrefix prefix = IpPrefix.enclosing(network, length);
        boolean expected = probe.getAddress().length == network.getAddress().length
                && top(probe, length, bits).equals(top(network, length, bits));
        assertEquals(expected, prefix.contains(probe));
        // The text form parses back to the same network.
        assertEquals(prefix, IpPrefix.parseOrThrow(prefix.toString()));
    }

    private static BigInteger top(InetAddress address, int length, int bits) {
        return new BigInteger(1, address.getAddress()).shiftRight(bits - length);
    }

    @Provide
    Arbitrary<InetAddress> addresses() {
        Arbitrary<byte[]> v4 = Arbitraries.bytes().array(byte[].class).ofSize(4);
        // Near-by IPv6 addresses as well as random ones, so prefixes often share bits.
        Arbitrary<byte[]> v6 = Arbitraries.bytes().array(byte[].class).ofSize(16);
        Arbitrary<byte[]> near = Arbitraries.integers().between(0, 255).map(last -> {
            byte[] b = new byte[16];
            b[0] = 0x20;
            b[1] = 0x01;
            b[15] = (byte) (int) last;
            return b;
        });
        return Arbitraries.oneOf(v4, v6, near).map(bytes -> {
            try {
                return InetAddress.getByAddress(bytes);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    // ---- E.164 normalisation ----

    private static final Numbering GERMANY = new Numbering(Optional.of("49"), Optional.of("0"), List.of("00"));
    private static final Numbering NANP = new Numbering(Optional.of("1"), Optional.of("1"), List.of("011"));

    @Property(tries = 3000)
    void e164NormalisationIsIdempotent(@ForAll("dialled") String dialled) {
        for (Numbering plan : List.of(GERMANY, NANP, Numbering.NONE)) {
            plan.normalise(dialled).ifPresent(e164 -> {
                assertEquals(Optional.of(e164), plan.normalise(e164));
                assertEquals(true, e164.matches("\\+[1-9][0-9]{0,14}"), e164);
            });
        }
    }

    @Property
    void theSameNumberDialledThreeWaysNormalisesToOne(@ForAll @StringLength(min = 4, max = 10) @net.jqwik.api.constraints.NumericChars String subscriber) {
        String national = "30" + subscriber;
        Optional<String> e164 = Optional.of("+49" + national);
        assertEquals(e164, GERMANY.normalise("0" + national));
        assertEquals(e164, GERMANY.normalise("0049" + national));
        assertEquals(e164, GERMANY.normalise("+49 " + national));
    }

    @Provide
    Arbitrary<String> dialled() {
        return Arbitraries.strings().withChars("0123456789+-. ()*#a").ofMinLength(0).ofMaxLength(24);
    }

    // ---- Rule order ----

    /** A rule that matches one method and one R-URI user, with a distinct verdict. */
    record Simple(String method, String user, String action) {
        String yaml(String id) {
            return "  - id: " + id + "\n    match: { method: " + method + ", ruri_user: \"" + user + "\" }\n"
                    + "    action: " + action + "\n";
        }
    }

    @Provide
    Arbitrary<List<Simple>> rules() {
        Arbitrary<Simple> rule = Combinators.combine(
                Arbitraries.of("INVITE", "MESSAGE", "REGISTER"),
                Arbitraries.of("100", "200", "300"),
                Arbitraries.of("drop", "challenge", "{ reject: 486 }", "{ ban: 60 }")).as(Simple::new);
        return rule.list().ofMinSize(0).ofMaxSize(12);
    }

    @Provide
    Arbitrary<PolicyInput> inputs() {
        return Combinators.combine(Arbitraries.of("INVITE", "MESSAGE", "REGISTER", "BYE"),
                Arbitraries.of("100", "200", "300", "400"))
                .as((method, user) -> PolicyInput.builder().method(method).ruriUser(user).build());
    }

    private static String policy(List<Simple> rules, List<String> modes) {
        StringBuilder yaml = new StringBuilder("rules:\n");
        if (rules.isEmpty()) {
            yaml.setLength(0);
            yaml.append("rules: []\n");
        }
        for (int i = 0; i < rules.size(); i++) {
            yaml.append(rules.get(i).yaml("r" + i));
            if (!modes.get(i).equals("enforce")) {
                yaml.append("    mode: ").append(modes.get(i)).append('\n');
            }
        }
        return yaml.append("default: allow\n").toString();
    }

    @Property(tries = 300)
    void theFirstMatchingRuleWinsAndTheMethodIndexAgreesWithAScan(@ForAll("rules") List<Simple> rules,
            @ForAll("inputs") PolicyInput input) {
        Decision decision = Policies.evaluator(policy(rules, rules.stream().map(r -> "enforce").toList())).evaluate(input);
        String expected = "default";
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).method().equals(input.method()) && rules.get(i).user().equals(input.ruriUser().orElseThrow())) {
                expected = "r" + i;
                break;
            }
        }
        assertEquals(expected, decision.ruleId());
    }

    @Property(tries = 300)
    void aMonitorRuleNeverChangesADecision(@ForAll("rules") List<Simple> rules, @ForAll("inputs") PolicyInput input,
            @ForAll @IntRange(min = 0, max = 11) int monitored) {
        List<String> allEnforce = new ArrayList<>(rules.stream().map(r -> "enforce").toList());
        List<String> oneMonitor = new ArrayList<>(allEnforce);
        if (monitored < rules.size()) {
            oneMonitor.set(monitored, "monitor");
        }
        // The policy without that rule, and the policy with it in monitor mode, decide alike.
        List<Simple> without = new ArrayList<>(rules);
        List<String> withoutModes = new ArrayList<>(allEnforce);
        if (monitored < rules.size()) {
            without.set(monitored, new Simple("NEVERSENT", "x", "drop"));
        }
        Decision a = Policies.evaluator(policy(rules, oneMonitor)).evaluate(input);
        Decision b = Policies.evaluator(policy(without, withoutModes)).evaluate(input);
        assertEquals(b.verdict(), a.verdict());
        assertEquals(b.ruleId(), a.ruleId());
        assertEquals(b.code(), a.code());
    }

    @Property(tries = 200)
    void theOrderOfDisjointRulesDoesNotMatter(@ForAll("rules") List<Simple> rules, @ForAll("inputs") PolicyInput input) {
        // Keep one rule per (method, user): such rules never match the same request.
        List<Simple> disjoint = new ArrayList<>();
        for (Simple rule : rules) {
            if (disjoint.stream().noneMatch(r -> r.method().equals(rule.method()) && r.user().equals(rule.user()))) {
                disjoint.add(rule);
            }
        }
        List<Simple> reversed = new ArrayList<>(disjoint);
        java.util.Collections.reverse(reversed);
        List<String> modes = disjoint.stream().map(r -> "enforce").toList();
        Decision forward = Policies.evaluator(policy(disjoint, modes)).evaluate(input);
        Decision backward = Policies.evaluator(policy(reversed, modes)).evaluate(input);
        assertEquals(forward.verdict(), backward.verdict());
        assertEquals(forward.code(), backward.code());
        assertEquals(forward.rule().action(), backward.rule().action());
    }

    /**
     * The prefix index only skips rules whose prefix cannot match: over generated prefix rules
     * (some with a second condition, some without a prefix, the prefixes often nested), the
     * decision is the first rule a plain scan finds.
     */
    @Property(tries = 400)
    void thePrefixIndexAgreesWithAScan(@ForAll("prefixRules") List<List<String>> rules,
            @ForAll @StringLength(min = 0, max = 6) @net.jqwik.api.constraints.CharRange(from = '0', to = '3') String dialled,
            @ForAll boolean invite) {
        StringBuilder yaml = new StringBuilder(rules.isEmpty() ? "rules: []\n" : "rules:\n");
        for (int i = 0; i < rules.size(); i++) {
            List<String> rule = rules.get(i);
            yaml.append("  - id: p").append(i).append("\n    match: { ");
            yaml.append(rule.get(0).isEmpty() ? "ruri_host: sbc.test" : "ruri_user: { prefix: [\"" + rule.get(0) + "\"] }");
            if (!rule.get(1).isEmpty()) {
                yaml.append(", method: ").append(rule.get(1));
            }
            yaml.append(" }\n    action: drop\n");
        }
        yaml.append("default: allow\n");
        PolicyInput input = PolicyInput.builder().method(invite ? "INVITE" : "MESSAGE").ruriUser(dialled)
                .ruriHost("sbc.test").build();
        String expected = "default";
        for (int i = 0; i < rules.size(); i++) {
            List<String> rule = rules.get(i);
            boolean prefixHolds = rule.get(0).isEmpty() || (!dialled.isEmpty() && dialled.startsWith(rule.get(0)));
            boolean methodHolds = rule.get(1).isEmpty() || rule.get(1).equals(input.method());
            if (prefixHolds && methodHolds) {
                expected = "p" + i;
                break;
            }
        }
        assertEquals(expected, Policies.evaluator(yaml.toString()).evaluate(input).ruleId(), yaml.toString());
    }

    @Provide
    Arbitrary<List<List<String>>> prefixRules() {
        Arbitrary<String> prefix = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().withCharRange('0', '3').ofMinLength(1).ofMaxLength(3));
        Arbitrary<String> method = Arbitraries.of("", "INVITE", "MESSAGE");
        return Combinators.combine(prefix, method).as(List::of).list().ofMaxSize(15);
    }

    @Property(tries = 500)
    void aRegexThatLoadsNeverStallsAndAlwaysAnswers(@ForAll("patterns") String pattern,
            @ForAll @StringLength(max = 3000) String value) {
        try {
            org.sbc.policies.internal.BoundedRegex regex = org.sbc.policies.internal.BoundedRegex.compile(pattern);
            long start = System.nanoTime();
            regex.find(value);
            // The budget bounds the work; a generous wall-clock bound keeps a slow CI green.
            assertEquals(true, System.nanoTime() - start < 2_000_000_000L);
        } catch (InvalidValueException refused) {
            // refused at load: also an answer
        }
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.strings().withChars("a.*+?()|[]{}\\1,b^$").ofMinLength(1).ofMaxLength(16);
    }
}
