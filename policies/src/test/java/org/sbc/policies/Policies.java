package org.sbc.policies;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Test helpers: load a policy from text, and the problems of one that does not load. */
final class Policies {

    private Policies() {}

    static PolicyEvaluator evaluator(String yaml) {
        return PolicyEvaluator.of(loaded(yaml).policy());
    }

    static LoadedPolicy loaded(String yaml) {
        try {
            return PolicyLoader.parse("p.yaml", yaml);
        } catch (PolicyException e) {
            throw new AssertionError("expected the policy to load:\n" + e.getMessage(), e);
        }
    }

    /** The problems, one string each, in order. */
    static List<String> problems(String yaml) {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.parse("p.yaml", yaml));
        return e.problems().stream().map(PolicyProblem::toString).toList();
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return fail(e);
        }
    }
}
