package org.sbc.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.sbc.core.edge.auth.DigestAlgorithm;
import org.sbc.core.edge.auth.DigestComputation;
import org.sbc.core.edge.auth.NonceCodec;

/** Invariants of the digest computation and of the stateless nonces. */
class DigestProperties {

    private static final byte[] SECRET = "3c9e1a7f5b2d8046e1f3a5c7b9d0e2f4".getBytes(StandardCharsets.UTF_8);
    private static final long LIFETIME = 300;
    private final NonceCodec codec = new NonceCodec(SECRET, "sbc.test", LIFETIME, new SecureRandom());

    @Property(tries = 2_000)
    void anIssuedNonceVerifiesWithinItsLifetime(
            @ForAll @LongRange(min = 0, max = 4_000_000_000L) long issuedAt,
            @ForAll @LongRange(min = 0, max = LIFETIME) long age) {
        NonceCodec.Check check = codec.verify(codec.issue(issuedAt), issuedAt + age);
        assertEquals(new NonceCodec.Check(NonceCodec.Status.VALID, issuedAt), check);
    }

    @Property(tries = 5_000)
    void anySingleCharacterChangeOfANonceIsRejected(
            @ForAll @LongRange(min = 0, max = 4_000_000_000L) long issuedAt,
            @ForAll @IntRange(min = 0, max = 63) int position,
            @ForAll @CharRange(from = ' ', to = '~') char replacement) {
        String nonce = codec.issue(issuedAt);
        if (nonce.charAt(position) == replacement) {
            return;
        }
        String changed = nonce.substring(0, position) + replacement + nonce.substring(position + 1);
        assertEquals(NonceCodec.Status.INVALID, codec.verify(changed, issuedAt).status());
    }

    @Property(tries = 1_000)
    void anyTextThatIsNotAnIssuedNonceIsRejectedWithoutAnException(
            @ForAll @StringLength(max = 100) String text) {
        assertEquals(NonceCodec.Status.INVALID, codec.verify(text, 1_800_000_000L).status());
    }

    @Property(tries = 1_000)
    void theResponseDependsOnThePasswordTheNonceCountAndTheMethod(
            @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 20) String password,
            @ForAll @AlphaChars @StringLength(min = 1, max = 20) String other,
            @ForAll boolean sha256) {
        DigestAlgorithm algorithm = sha256 ? DigestAlgorithm.SHA_256 : DigestAlgorithm.MD5;
        String nonce = codec.issue(1_800_000_000L);
        String ha1 = DigestComputation.ha1(algorithm, "100", "sbc.test", password);
        String response = DigestComputation.response(algorithm, ha1, nonce, "00000001", "c", "REGISTER", "sip:sbc.test");

        assertEquals(algorithm.hexLength(), response.length());
        if (!other.equals(password)) {
            String wrong = DigestComputation.ha1(algorithm, "100", "sbc.test", other);
            assertNotEquals(response,
                    DigestComputation.response(algorithm, wrong, nonce, "00000001", "c", "REGISTER", "sip:sbc.test"));
        }
        assertNotEquals(response,
                DigestComputation.response(algorithm, ha1, nonce, "00000002", "c", "REGISTER", "sip:sbc.test"));
        assertNotEquals(response,
                DigestComputation.response(algorithm, ha1, nonce, "00000001", "c", "INVITE", "sip:sbc.test"));
    }
}
